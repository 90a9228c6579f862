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
    IReadOnlyList<ChannelAssignment> Assignments,
    bool WarningsAreFailures)
{
    /// <summary>Changes when the job's settings change (not when it runs): the API's ETag for edits.</summary>
    public string SettingsVersion => VersionOf(Assignments, WarningsAreFailures);

    public static string VersionOf(IEnumerable<ChannelAssignment> assignments, bool warningsAreFailures)
    {
        var text = string.Join(";", assignments.Select(a => $"{a.ChannelId:N}:{a.Condition}:{a.Enabled}")) + $"|{warningsAreFailures}";
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    public static BackupJobSnapshot From(string key, BackupJobState s) => new(
        key, s.ServerName, s.JobName, s.Status, s.LastRunAt, s.NextExpectedAt,
        s.LastDurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        s.LastSizeBytes, s.LastFileCount, s.LastWarningCount, s.LastErrorCount, s.LastError,
        s.RunCount, s.SuccessCount, s.WarningCount, s.FailureCount, s.Assignments.ToList(), s.WarningsAreFailures);
}
