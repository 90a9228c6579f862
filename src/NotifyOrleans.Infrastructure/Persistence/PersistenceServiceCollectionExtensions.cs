using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NotifyOrleans.Infrastructure.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>EF Core on SQLite (default) or PostgreSQL, plus Data Protection keys in the database, encrypted (<see cref="KeyRingCertificate"/>).</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(Options.Create(options));
        var connectionString = options.EffectiveConnectionString;

        // A factory for grains and background work (a context per unit of work), and the same
        // contexts scoped to a request for pages, Identity and Data Protection.
        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddProviderContexts<PostgresAppDbContext>((_, db) => db.UseNpgsql(connectionString));
        }
        else
        {
            if (Path.GetDirectoryName(options.SqliteFile) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
            services.AddSingleton<SqliteWriteGate>();
            services.AddProviderContexts<SqliteAppDbContext>((provider, db) => db
                .UseSqlite(connectionString)
                .AddInterceptors(provider.GetRequiredService<SqliteWriteGate>())
                // Said of migrations that rebuild a table (SQLite cannot alter columns) at every fresh
                // start: reviewed when the migrations were written, and alarming to an operator, so Debug.
                .ConfigureWarnings(warnings => warnings.Log(
                    (SqliteEventId.TableRebuildPendingWarning, LogLevel.Debug),
                    (RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug))));
        }

        // The Identity tables' key lengths come from IdentityOptions; pin them here so every host
        // (the web app, tools, benchmarks) builds the same model as the migrations.
        services.AddSingleton<GroupCommit>();
        services.Configure<IdentityOptions>(identity => identity.Stores.MaxLengthForKeys = 128);
        services.AddSingleton(TimeProvider.System);
        var keyRing = services.AddDataProtection().SetApplicationName("NotifyOrleans").PersistKeysToDbContext<AppDbContext>();
        var (certificate, problem) = KeyRingCertificate.Load(configuration, options);
        services.AddSingleton(new KeyRingInUse(certificate, problem)); // a problem stops the node before anything uses the key ring (KeyRingChecks)
        if (certificate is not null) keyRing.ProtectKeysWithCertificate(certificate);
        else if (problem is null) services.AddHostedService<UnencryptedKeyRingWarning>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    /// <summary>
    /// Applies the provider's migrations; called once at start-up before the app serves (and before a
    /// command). On SQLite the database's files are kept to their owner first, and an existing
    /// database is copied aside before a migration changes it (<see cref="SqliteFiles"/>).
    /// </summary>
    /// <returns>
    /// False when the start must stop, said in one line: a SQLite database that a newer version has
    /// migrated. Run on it, an older version ignored what it did not know and went on without a word.
    /// On PostgreSQL that is a node of a cluster upgraded one node at a time (README, Upgrading): it is
    /// warned of, and the node goes on.
    /// </returns>
    public static async Task<bool> MigrateDatabaseAsync(this IHost host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var options = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var sqliteFile = options.SqliteFile;
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<AppDbContext>>();
        if (sqliteFile is not null) SqliteFiles.KeepToOwner(sqliteFile, logger);
        // SQLite in write-ahead-log mode: pages and the dispatcher read while a report is being
        // written, instead of waiting for it. (Persistent in the file; synchronous stays FULL, so
        // every commit is on disk before the report is answered.)
        if (db is SqliteAppDbContext) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        if (!options.MigrateOnStartup) return true;
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        var known = db.Database.GetMigrations().ToList();
        if (applied.Except(known).ToList() is { Count: > 0 } unknown)
        {
            if (sqliteFile is not null)
                return host.GoesOnUnless($"This database was upgraded by a newer version of NotifyOrleans (its migration {unknown[^1]} is unknown to this one). " +
                    "Start the newer version, or go back to the copy taken before the upgrade (README, Upgrading).", host.Services.GetRequiredService<IHostEnvironment>().ApplicationName);
            logger.LogWarning("The database has migrations this version does not know ({Migrations}): a newer version upgraded it. This node goes on, as in an upgrade " +
                "one node at a time (README, Upgrading); start it on the newer version too.", unknown);
        }

        // Most starts find nothing to apply: then no migration lock (on SQLite a table created and
        // dropped) and no second look at the history, about 0.1 s of each start. Nodes starting
        // together that both find some still meet at MigrateAsync's lock.
        var pending = known.Except(applied).ToList();
        if (pending.Count == 0) return true;
        // One line naming them all; EF Core's own line per migration stays below Warning (appsettings.json):
        // a fresh database's thirty lines came before a command's one-line answer.
        logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, pending);
        if (sqliteFile is not null && applied.Count > 0)
        {
            var copy = await SqliteFiles.BackUpBeforeMigratingAsync(db, sqliteFile, applied[^1], host.Services.GetRequiredService<TimeProvider>().GetUtcNow());
            logger.LogInformation("Copied the database to {Copy} before migrating it: the way back to the version before (README, Upgrading).", copy);
        }

        await db.Database.MigrateAsync();
        return true;
    }

    /// <summary>
    /// Pooled contexts: a report takes two or three, and building a context's services each time
    /// cost more than its queries (measured). Events and settings are restored on each lease.
    /// </summary>
    /// <remarks>
    /// A scope's context is registered once, as <see cref="AppDbContext"/>, never also as
    /// <typeparamref name="TContext"/>: a scope disposes what each registration resolved, so a
    /// second registration handed the context back to the pool twice, and the second time it
    /// could be another scope's by then (two requests sharing one context; ScopedContextTests).
    /// </remarks>
    private static void AddProviderContexts<TContext>(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : AppDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddSingleton<IDbContextFactory<AppDbContext>, AppDbContextFactory<TContext>>();
        services.AddScoped<AppDbContext>(provider => provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
    }
}
