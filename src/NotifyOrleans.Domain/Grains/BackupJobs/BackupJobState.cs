namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>The persisted state of a <see cref="BackupJobGrain"/>; one row per job.</summary>
public sealed class BackupJobState
{
    public const int RecentRunIdsKept = 50;

    public string ServerName { get; set; } = "";
    public string JobName { get; set; } = "";
    public RunStatus Status { get; set; }
    public DateTimeOffset? FirstSeenAt { get; set; }

    /// <summary>A ping "start" waiting for its run (Healthchecks' /start), to measure the duration.</summary>
    public DateTimeOffset? RunStartedAt { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public string? LastRunId { get; set; }
    public long? LastDurationMs { get; set; }
    public long? LastSizeBytes { get; set; }
    public long? LastFileCount { get; set; }
    public int LastWarningCount { get; set; }
    public int LastErrorCount { get; set; }
    public string? LastError { get; set; }
    public int RunCount { get; set; }
    public int SuccessCount { get; set; }
    public int WarningCount { get; set; }
    public int FailureCount { get; set; }

    /// <summary>Run ids seen lately, newest last: a repeated report is recognised and ignored.</summary>
    public List<string> RecentRunIds { get; set; } = [];

    /// <summary>Typical time between runs, learnt from the history; gives the next expected run.</summary>
    public long? TypicalIntervalMs { get; set; }

    public List<ChannelAssignment> Assignments { get; set; } = [];

    /// <summary>True (the default): On Failure also fires for warnings.</summary>
    public bool WarningsAreFailures { get; set; } = true;

    public DateTimeOffset? NextExpectedAt =>
        LastRunAt is { } last && TypicalIntervalMs is { } interval && interval < (DateTimeOffset.MaxValue - last).TotalMilliseconds
            ? last + TimeSpan.FromMilliseconds(interval)
            : null;
}
