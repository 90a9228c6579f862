using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Infrastructure.Clustering;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class ReminderRecordConfiguration : IEntityTypeConfiguration<ReminderRecord>
{
    public void Configure(EntityTypeBuilder<ReminderRecord> builder)
    {
        builder.ToTable("OrleansReminders");
        builder.HasKey(r => new { r.GrainId, r.ReminderName });
        builder.Property(r => r.GrainId).HasMaxLength(512);
        builder.Property(r => r.ReminderName).HasMaxLength(150);
        builder.Property(r => r.ETag).HasMaxLength(64);
        // Each silo reads the reminders of its range of the hash ring.
        builder.HasIndex(r => r.GrainHash);
    }
}

public sealed class SiloRecordConfiguration : IEntityTypeConfiguration<SiloRecord>
{
    public void Configure(EntityTypeBuilder<SiloRecord> builder)
    {
        builder.ToTable("ClusterMembers");
        builder.HasKey(m => new { m.ClusterId, m.SiloAddress });
        builder.Property(m => m.ClusterId).HasMaxLength(150);
        builder.Property(m => m.SiloAddress).HasMaxLength(150);
        builder.Property(m => m.SiloName).HasMaxLength(150);
        builder.Property(m => m.HostName).HasMaxLength(150);
        builder.Property(m => m.ETag).HasMaxLength(64);
    }
}

public sealed class MembershipVersionRecordConfiguration : IEntityTypeConfiguration<MembershipVersionRecord>
{
    public void Configure(EntityTypeBuilder<MembershipVersionRecord> builder)
    {
        builder.ToTable("ClusterVersions");
        builder.HasKey(v => v.ClusterId);
        builder.Property(v => v.ClusterId).HasMaxLength(150);
        builder.Property(v => v.ETag).HasMaxLength(64);
    }
}
