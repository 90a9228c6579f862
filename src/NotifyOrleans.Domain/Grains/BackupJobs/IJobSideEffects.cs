namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// What a backup job's turn stages besides its state: history rows and outbox rows. The
/// implementation adds them to the turn's unit of work, so they commit with the state or not at
/// all (and are discarded when the turn is replayed).
/// </summary>
public interface IJobSideEffects
{
    void AddRunToHistory(string jobKey, RunReport report, DateTimeOffset receivedAt);

    /// <summary>Whether the history already holds this run (a repeat older than the ids the state remembers).</summary>
    Task<bool> IsInHistoryAsync(string jobKey, string runId, CancellationToken cancellationToken);

    Task NotifyAsync(string jobKey, JobNotification notification, string dedupKey, CancellationToken cancellationToken);

    /// <summary>Default assignments for a job seen for the first time (global settings).</summary>
    Task<IReadOnlyList<ChannelAssignment>> DefaultAssignmentsAsync(CancellationToken cancellationToken);
}
