namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>A read-only copy of a job's state for pages and the read API.</summary>
[GenerateSerializer, Immutable, Alias("BackupJobSnapshot")]
public sealed record BackupJobSnapshot(
    string Key,
    string ServerName,
    string JobName,
    RunStatus Status,
    DateTimeOffset? LastRunAt,
    DateTimeOffset? NextExpectedAt,
    TimeSpan? LastDuration,
    long? LastSizeBytes,
    long? LastFileCount,
    int LastWarningCount,
    int LastErrorCount,
    string? LastError,
    int RunCount,
    int SuccessCount,
    int WarningCount,
    int FailureCount,
    JobSettings Settings,
    DateTimeOffset? OverdueAt,
    DateTimeOffset? OverdueSince,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    string? AcknowledgeComment,
    DateTimeOffset? FailingSince = null,
    int ConsecutiveFailures = 0,
    DateTimeOffset? RunningSince = null,
    int EscalationsFired = 0,
    DateTimeOffset? LastSuccessAt = null,
    DateTimeOffset? PausedAt = null,
    string? PausedBy = null,
    DateTimeOffset? PausedUntil = null,
    long? SizeBaselineBytes = null,
    long? FileCountBaseline = null)
{
    public IReadOnlyList<ChannelAssignment> Assignments => Settings.Assignments;
    public bool WarningsAreFailures => Settings.WarningsAreFailures;

    /// <summary>Changes when the job's settings change (not when it runs): the API's ETag for edits.</summary>
    public string SettingsVersion => Settings.Version;

    public bool IsOverdue => OverdueSince is not null;

    /// <summary>Overdue because a run that started has not finished (not because a slot's run never came).</summary>
    public bool IsOverdueWithUnfinishedRun => OverdueSince is { } since && OverdueTransitions.IsUnfinishedRun(RunningSince, NextExpectedAt, since);

    /// <summary>Monitoring paused (<see cref="Pauses"/>): until <see cref="PausedUntil"/>, or the next report when that is null.</summary>
    public bool IsPaused => PausedAt is not null;

    /// <summary>When the open incident (overdue, failing, or both) began; null: none is open.</summary>
    public DateTimeOffset? IncidentSince => Instants.Earliest(OverdueSince, FailingSince);

    /// <summary>How far the last run's figures fell below what runs are compared with, in words; null while they did not (<see cref="SizeDrops"/>).</summary>
    public string? SizeFall(int defaultPercent) =>
        SizeDrops.Fall(SizeBaselineBytes, FileCountBaseline, LastSizeBytes, LastFileCount, Settings.SizeDropPercent ?? defaultPercent);

    public static BackupJobSnapshot From(string key, BackupJobState s) => new(
        key, s.ServerName, s.JobName, s.Status, s.LastRunAt, s.NextExpectedAt,
        s.LastDurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        s.LastSizeBytes, s.LastFileCount, s.LastWarningCount, s.LastErrorCount, s.LastError,
        s.RunCount, s.SuccessCount, s.WarningCount, s.FailureCount, JobSettings.Of(s), s.OverdueAt, s.OverdueSince,
        s.AcknowledgedAt, s.AcknowledgedBy, s.AcknowledgeComment, s.FailingSince, s.ConsecutiveFailures, s.RunStartedAt, s.EscalationsFired, s.LastSuccessAt,
        s.PausedAt, s.PausedBy, s.PausedUntil, s.SizeBaselineBytes, s.FileCountBaseline);
}
