using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class SystemEventConfiguration : IEntityTypeConfiguration<SystemEvent>
{
    public void Configure(EntityTypeBuilder<SystemEvent> builder)
    {
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.UserId).HasMaxLength(128);
        builder.Property(e => e.UserEmail).HasMaxLength(256);
        builder.Property(e => e.ActorEmail).HasMaxLength(256);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(512);
        builder.Property(e => e.Summary).HasMaxLength(SystemEvent.SummaryMaxLength);
        builder.Property(e => e.ServerName).HasMaxLength(SystemEvent.NameMaxLength);
        builder.Property(e => e.JobName).HasMaxLength(SystemEvent.NameMaxLength);
        builder.Property(e => e.Details).HasMaxLength(SystemEvent.SummaryMaxLength);
        builder.Property(e => e.FaultKey).HasMaxLength(200);
        builder.Ignore(e => e.DedupKey);
        builder.HasIndex(e => e.OccurredAt);
        // An event's page, and the throttles' look-back (logins per user, faults per key).
        builder.HasIndex(e => new { e.Type, e.OccurredAt });
        builder.HasIndex(e => new { e.Type, e.UserId, e.OccurredAt });
        builder.HasIndex(e => new { e.Type, e.FaultKey, e.Id });
        // The router's queue: unprocessed events, oldest first.
        builder.HasIndex(e => new { e.ProcessedAt, e.Id });
    }
}
