using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>One row of a job's run history, written by the job grain with its state.</summary>
public sealed class BackupRun
{
    public long Id { get; set; }
    public string JobKey { get; set; } = "";
    public string RunId { get; set; } = "";
    public RunOperation Operation { get; set; }
    public RunStatus Status { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }
    public long? DurationMs { get; set; }
    public long? SizeBytes { get; set; }
    public long? FileCount { get; set; }
    public int WarningCount { get; set; }
    public int ErrorCount { get; set; }
    public string? ErrorDetails { get; set; }
    public string? Message { get; set; }
    public string Source { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The size the run found; none for a failed run's zero (<see cref="RunReport.KnownSizeBytes"/>). Not stored.</summary>
    public long? KnownSizeBytes => RunReport.Known(Status, SizeBytes);

    /// <summary>The file count the run found, as <see cref="KnownSizeBytes"/>. Not stored.</summary>
    public long? KnownFileCount => RunReport.Known(Status, FileCount);

    /// <summary>Who was and was not told of this run, and why, as decided then (<see cref="Domain.Grains.BackupJobs.RunRoute"/>); JSON.</summary>
    public string? RouteJson { get; set; }
}
