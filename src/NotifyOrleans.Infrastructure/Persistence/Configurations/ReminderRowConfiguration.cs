using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Infrastructure.Runtime;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class ReminderRowConfiguration : IEntityTypeConfiguration<ReminderRow>
{
    public void Configure(EntityTypeBuilder<ReminderRow> builder)
    {
        builder.ToTable("Reminders");
        builder.Property(r => r.GrainType).HasMaxLength(64);
        builder.Property(r => r.GrainKey).HasMaxLength(256);
        builder.Property(r => r.Name).HasMaxLength(64);
        builder.HasIndex(r => new { r.GrainType, r.GrainKey, r.Name }).IsUnique();
        // The pump's sweep: due reminders first.
        builder.HasIndex(r => r.DueAt);
    }
}
