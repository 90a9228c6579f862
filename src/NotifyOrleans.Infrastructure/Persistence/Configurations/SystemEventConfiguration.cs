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
        builder.Property(e => e.Summary).HasMaxLength(1000);
        builder.HasIndex(e => e.OccurredAt);
        // The router's queue: unprocessed events, oldest first.
        builder.HasIndex(e => new { e.ProcessedAt, e.Id });
    }
}
