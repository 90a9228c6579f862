using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Jobs;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class BackupRunConfiguration : IEntityTypeConfiguration<BackupRun>
{
    public void Configure(EntityTypeBuilder<BackupRun> builder)
    {
        builder.Property(r => r.JobKey).HasMaxLength(JobKey.MaxLength);
        builder.Property(r => r.RunId).HasMaxLength(RunReport.RunIdMaxLength);
        builder.Property(r => r.Operation).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ErrorDetails).HasMaxLength(RunReport.MaxTextLength);
        builder.Property(r => r.Message).HasMaxLength(RunReport.MaxTextLength);
        builder.Property(r => r.Source).HasMaxLength(16);
        builder.HasIndex(r => new { r.JobKey, r.RunId }).IsUnique();
        builder.HasIndex(r => new { r.JobKey, r.EndedAt });
    }
}

public sealed class JobEventConfiguration : IEntityTypeConfiguration<JobEvent>
{
    public void Configure(EntityTypeBuilder<JobEvent> builder)
    {
        builder.Property(e => e.JobKey).HasMaxLength(JobKey.MaxLength);
        builder.Property(e => e.Kind).HasMaxLength(16);
        builder.Property(e => e.Text).HasMaxLength(TimelineEntry.TextMaxLength);
        builder.HasIndex(e => new { e.JobKey, e.Id });
    }
}

public sealed class AppSettingConfiguration : IEntityTypeConfiguration<AppSetting>
{
    public void Configure(EntityTypeBuilder<AppSetting> builder)
    {
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(100);
    }
}
