using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Clustering;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Notifications.Templates;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// The one database of the product. Abstract because each provider gets its own subclass and
/// therefore its own migration set (SQLite and PostgreSQL types and SQL differ).
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<UserState> UserStates => Set<UserState>();
    public DbSet<ReminderRecord> Reminders => Set<ReminderRecord>();
    public DbSet<SiloRecord> ClusterMembers => Set<SiloRecord>();
    public DbSet<MembershipVersionRecord> MembershipVersions => Set<MembershipVersionRecord>();
    public DbSet<SystemEvent> SystemEvents => Set<SystemEvent>();
    /// <summary>ASP.NET Data Protection's key ring: every node reads cookies and secrets written by any other.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<BackupJobState> BackupJobs => Set<BackupJobState>();
    public DbSet<BackupRun> BackupRuns => Set<BackupRun>();
    public DbSet<JobEvent> JobEvents => Set<JobEvent>();
    public DbSet<IngestKey> IngestKeys => Set<IngestKey>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AppSetting> AppSettings => Set<AppSetting>();
    public DbSet<TemplateVersion> TemplateVersions => Set<TemplateVersion>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite has no date type: EF stores DateTimeOffset as text, which cannot be compared or
        // ordered in SQL. Due-time sweeps need both, so store UTC unix milliseconds instead.
        builder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        builder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
    }
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
