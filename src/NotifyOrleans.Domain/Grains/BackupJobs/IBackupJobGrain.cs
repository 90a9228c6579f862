namespace NotifyOrleans.Domain.Grains.BackupJobs;

[GenerateSerializer, Alias("RecordOutcome")]
public enum RecordOutcome { Recorded, Repeat }

/// <summary>
/// One Orleans grain per backup job, keyed by its <see cref="JobKey"/> (server/job). It owns the
/// job's row in BackupJobs: last result, counts, notification assignments; every write to that
/// row goes through it, in one transaction with the run history and the outbox rows it causes.
/// </summary>
[Alias("IBackupJobGrain")]
public interface IBackupJobGrain : IGrainWithStringKey
{
    /// <summary>Records a backup run; a run id seen before changes nothing and notifies nobody.</summary>
    [Alias("RecordRun")]
    Task<RecordOutcome> RecordRunAsync(RunReport report, CancellationToken cancellationToken = default);

    /// <summary>A run has started (a ping to /start); the next reported end measures its duration.</summary>
    [Alias("RecordStart")]
    /// <param name="runId">The run the start names (<c>rid:…</c>), if any: only that run's end is measured from it.</param>
    Task RecordStartAsync(string serverName, string jobName, DateTimeOffset at, string? runId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A line on the job's timeline from the job's own script (a ping to /log), which changes
    /// nothing else: not its status, its deadline or an incident. A job not known yet is set up.
    /// </summary>
    [Alias("RecordLog")]
    Task RecordLogAsync(string serverName, string jobName, string text, CancellationToken cancellationToken = default);

    [Alias("GetSnapshot")]
    Task<BackupJobSnapshot?> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the job's settings (who hears about it, its schedule); false, and nothing changed,
    /// when <paramref name="expectedVersion"/> is given and is not the settings' version.
    /// </summary>
    [Alias("ChangeSettings")]
    Task<bool> ChangeSettingsAsync(JobSettings settings, string? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets up a job before its first report (a script configuring ahead of the backup tool);
    /// false, and nothing changed, when the job exists already.
    /// </summary>
    [Alias("Prepare")]
    Task<bool> PrepareAsync(string serverName, string jobName, JobSettings settings, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the open incident on (its repeats and escalation stop); false when none is open, it was
    /// acknowledged already, or it is not the incident that began at <paramref name="incident"/> (an old link).
    /// </summary>
    [Alias("Acknowledge")]
    Task<bool> AcknowledgeAsync(string by, string? comment, DateTimeOffset? incident = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the last run's size and file count as the job's, to compare later runs with: its source
    /// really shrank (<see cref="SizeDrops"/>). False when they are not below it (nothing to take).
    /// </summary>
    [Alias("AcceptSize")]
    Task<bool> AcceptSizeAsync(string by, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pauses the job's monitoring until <paramref name="until"/>, or until it reports again when
    /// that is null (<see cref="Pauses"/>); a paused job's pause gets the new end. False when there is no such job.
    /// </summary>
    /// <param name="by">Who paused it (a user, a token's name), for the timeline.</param>
    [Alias("Pause")]
    Task<bool> PauseAsync(string by, DateTimeOffset? until, CancellationToken cancellationToken = default);

    /// <summary>Resumes a paused job's monitoring now; false when it was not paused.</summary>
    [Alias("Resume")]
    Task<bool> ResumeAsync(string by, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the job with its run history and timeline (a server retired, a job renamed or made
    /// by mistake); false when there is no such job. Notifications already queued still go out. A
    /// later report starts the job afresh, as for a job never seen. False, and nothing deleted, also
    /// when <paramref name="expectedVersion"/> is given and is not the settings' version.
    /// </summary>
    /// <param name="by">Who deleted it (a user, a token's name), for the log.</param>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string by, string? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The global escalation policy changed: a job that follows it reads it again, fires the steps
    /// of its open incident that are now due, and sets its next wake-up by it.
    /// </summary>
    [Alias("FollowDefaultPolicy")]
    Task FollowDefaultPolicyAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends a sample notification through every enabled assignment; returns how many were queued.</summary>
    [Alias("SendTest")]
    Task<int> SendTestAsync(CancellationToken cancellationToken = default);
}
