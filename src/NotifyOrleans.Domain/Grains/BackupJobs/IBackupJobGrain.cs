using NotifyOrleans.Domain.Runtime;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

public enum RecordOutcome { Recorded, Repeat }

/// <summary>One grain per backup job, keyed by its <see cref="JobKey"/> (server/job).</summary>
public interface IBackupJobGrain : IGrainWithStringKey
{
    /// <summary>Records a backup run; a run id seen before changes nothing and notifies nobody.</summary>
    Task<RecordOutcome> RecordRunAsync(RunReport report, CancellationToken cancellationToken = default);

    /// <summary>A run has started (a ping to /start); the next reported end measures its duration.</summary>
    Task RecordStartAsync(string serverName, string jobName, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<BackupJobSnapshot?> GetSnapshotAsync(CancellationToken cancellationToken = default);

    Task SetNotificationsAsync(IReadOnlyList<ChannelAssignment> assignments, bool warningsAreFailures, CancellationToken cancellationToken = default);

    /// <summary>Sends a sample notification through every enabled assignment; returns how many were queued.</summary>
    Task<int> SendTestAsync(CancellationToken cancellationToken = default);
}
