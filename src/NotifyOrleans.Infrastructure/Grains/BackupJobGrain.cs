using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>The backup job grain: <see cref="BackupJobTransitions"/> decides, this class persists and enqueues.</summary>
// A job reports a few times a day: an idle activation is let go after 5 minutes rather than
// Orleans' default 15, so memory follows the jobs reporting now, not every job there is.
[GrainType("backupjob")]
[CollectionAgeLimit(Minutes = 5)]
public sealed class BackupJobGrain(IDbContextFactory<AppDbContext> dbs, JobSideEffectsFactory effects, TimeProvider time)
    : RowGrain<BackupJobState>(dbs), IBackupJobGrain
{
    public async Task<RecordOutcome> RecordRunAsync(RunReport report, CancellationToken cancellationToken = default)
    {
        if (BackupJobTransitions.IsRepeat(State, report)) return RecordOutcome.Repeat;
        return await ChangeAsync(async db =>
        {
            var turn = effects.Create(db);
            // The state remembers the latest run ids; an older repeat (a report re-sent late) is in
            // the history. A run newer than all of them needs no lookup, unless the history refused it.
            var mayBeInHistory = Retrying || !BackupJobTransitions.IsNewerThanEveryRun(State, report);
            if (mayBeInHistory && await turn.IsInHistoryAsync(Key, report.RunId, cancellationToken)) return (RecordOutcome.Repeat, false);
            if (!Exists) State.Assignments = (await turn.DefaultAssignmentsAsync(cancellationToken)).ToList();
            var now = time.GetUtcNow();
            var (run, notifications) = BackupJobTransitions.ApplyRun(State, report, now);
            turn.AddRunToHistory(Key, run, now);
            foreach (var notification in notifications)
                await turn.NotifyAsync(Key, notification, $"run:{Key}:{run.RunId}", cancellationToken);
            return (RecordOutcome.Recorded, true);
        }, cancellationToken);
    }

    public Task RecordStartAsync(string serverName, string jobName, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeAsync(async db =>
        {
            if (!Exists) State.Assignments = (await effects.Create(db).DefaultAssignmentsAsync(cancellationToken)).ToList();
            BackupJobTransitions.ApplyStart(State, serverName, jobName, at, time.GetUtcNow());
            return (true, true);
        }, cancellationToken);

    public Task<BackupJobSnapshot?> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Exists ? BackupJobSnapshot.From(Key, State) : null);

    public async Task<bool> SetNotificationsAsync(IReadOnlyList<ChannelAssignment> assignments, bool warningsAreFailures, string? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        if (!Exists) throw new InvalidOperationException($"No backup job {Key}.");
        return await ChangeAsync(_ =>
        {
            // Inside the turn (and again if the turn is replayed): the version cannot change before the write.
            if (expectedVersion is not null && expectedVersion != BackupJobSnapshot.VersionOf(State.Assignments, State.WarningsAreFailures))
                return Task.FromResult((false, false));
            State.Assignments = assignments.ToList();
            State.WarningsAreFailures = warningsAreFailures;
            return Task.FromResult((true, true));
        }, cancellationToken);
    }

    public Task<bool> PrepareAsync(string serverName, string jobName, IReadOnlyList<ChannelAssignment> assignments, bool warningsAreFailures, CancellationToken cancellationToken = default) =>
        ChangeAsync(_ =>
        {
            if (Exists) return Task.FromResult((false, false));
            // Names as the script wrote them, until the first report brings the tool's own.
            State.ServerName = serverName.Trim();
            State.JobName = jobName.Trim();
            State.Assignments = assignments.ToList();
            State.WarningsAreFailures = warningsAreFailures;
            return Task.FromResult((true, true));
        }, cancellationToken);

    public async Task<int> SendTestAsync(CancellationToken cancellationToken = default)
    {
        if (!Exists) throw new InvalidOperationException($"No backup job {Key}.");
        var channels = State.Assignments.Where(a => a.Enabled).Select(a => a.ChannelId).Distinct().ToList();
        if (channels.Count == 0) return 0;
        var now = time.GetUtcNow();
        var sample = new RunReport
        {
            RunId = $"test-{now.ToUnixTimeMilliseconds()}",
            ServerName = State.ServerName,
            JobName = State.JobName,
            Status = RunStatus.Failure,
            StartedAt = now.AddMinutes(-12),
            EndedAt = now,
            SizeBytes = State.LastSizeBytes ?? 1_234_567_890,
            FileCount = State.LastFileCount ?? 4_321,
            ErrorCount = 1,
            ErrorDetails = "This is a test notification from NotifyOrleans; the backup itself is fine.",
        };
        // Only outbox rows: the job's own state does not change.
        await using var db = await Contexts.CreateDbContextAsync(cancellationToken);
        await effects.Create(db).NotifyAsync(Key, new JobNotification(EventTypes.BackupFailure, sample, channels), $"test:{Key}:{sample.RunId}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return channels.Count;
    }
}
