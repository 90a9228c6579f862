using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class BackupJobStateConfiguration : IEntityTypeConfiguration<BackupJobState>
{
    /// <summary>Public: the compiled model's generated converters read it (they cannot reach a private field).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<BackupJobState> builder)
    {
        builder.ToTable("BackupJobs");
        builder.HasGrainKeyAndVersion();
        builder.Property(s => s.ServerName).HasMaxLength(200);
        builder.Property(s => s.JobName).HasMaxLength(200);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.LastError).HasMaxLength(RunReport.MaxTextLength);
        builder.Property(s => s.LastRunId).HasMaxLength(200);
        builder.Property(s => s.RunStartedId).HasMaxLength(RunReport.RunIdMaxLength);
        builder.Ignore(s => s.NextExpectedAt);
        // Small lists kept as JSON text, so both providers store them the same way.
        builder.Property(s => s.RecentRunIds).HasConversion(
            ids => JsonSerializer.Serialize(ids, Json),
            json => JsonSerializer.Deserialize<List<string>>(json, Json) ?? new List<string>(),
            new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), list => list.Aggregate(0, (h, s) => HashCode.Combine(h, s)), list => list.ToList()));
        builder.Property(s => s.Assignments).HasConversion(
            list => JsonSerializer.Serialize(list, Json),
            json => JsonSerializer.Deserialize<List<ChannelAssignment>>(json, Json) ?? new List<ChannelAssignment>(),
            new ValueComparer<List<ChannelAssignment>>((a, b) => a!.SequenceEqual(b!), list => list.Aggregate(0, (h, s) => HashCode.Combine(h, s)), list => list.ToList()));
        builder.Property(s => s.Schedule).HasMaxLength(500).HasConversion(
            schedule => JsonSerializer.Serialize(schedule, Json),
            json => string.IsNullOrEmpty(json) ? JobSchedule.None : JsonSerializer.Deserialize<JobSchedule>(json, Json) ?? JobSchedule.None, // "": rows from before schedules
            new ValueComparer<JobSchedule>((a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json), s => JsonSerializer.Serialize(s, Json).GetHashCode(), s => s));
        // Null (no conversion runs): the job follows the global default policy.
        builder.Property(s => s.Escalation).HasMaxLength(8000).HasConversion(
            steps => JsonSerializer.Serialize(steps, Json),
            json => JsonSerializer.Deserialize<List<EscalationStep>>(json, Json),
            new ValueComparer<List<EscalationStep>?>((a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json), s => JsonSerializer.Serialize(s, Json).GetHashCode(), s => s == null ? null : s.ToList()));
        builder.Property(s => s.AcknowledgedBy).HasMaxLength(256);
        builder.Property(s => s.PausedBy).HasMaxLength(256);
        builder.Property(s => s.Notes).HasMaxLength(JobSettings.NotesMaxLength);
        builder.Property(s => s.AcknowledgeComment).HasMaxLength(Incidents.CommentMaxLength);
        builder.HasIndex(s => s.Status);
        // The dashboard lists overdue jobs first, and a sweep can find missed deadlines without waking every grain.
        builder.HasIndex(s => s.OverdueAt);
        builder.HasIndex(s => s.ServerName);
    }
}
