using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Runtime;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

public sealed class BackupJobGrain(GrainContext<BackupJobState> context, IJobSideEffects effects) : IBackupJobGrain
{
    private BackupJobState State => context.State.State;

    public async Task<RecordOutcome> RecordRunAsync(RunReport report, CancellationToken cancellationToken = default)
    {
        // The state remembers the latest run ids; an older repeat (a report re-sent late) is in the history.
        if (BackupJobTransitions.IsRepeat(State, report) || await effects.IsInHistoryAsync(context.Key, report.RunId, cancellationToken))
            return RecordOutcome.Repeat;

        if (!context.State.RecordExists)
            State.Assignments = (await effects.DefaultAssignmentsAsync(cancellationToken)).ToList();
        var now = context.Time.GetUtcNow();
        var (run, notifications) = BackupJobTransitions.ApplyRun(State, report, now);
        effects.AddRunToHistory(context.Key, run, now);
        foreach (var notification in notifications)
            await effects.NotifyAsync(context.Key, notification, $"run:{context.Key}:{run.RunId}", cancellationToken);
        await context.State.WriteStateAsync(cancellationToken);
        return RecordOutcome.Recorded;
    }

    public async Task RecordStartAsync(string serverName, string jobName, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (!context.State.RecordExists)
            State.Assignments = (await effects.DefaultAssignmentsAsync(cancellationToken)).ToList();
        BackupJobTransitions.ApplyStart(State, serverName, jobName, at, context.Time.GetUtcNow());
        await context.State.WriteStateAsync(cancellationToken);
    }

    public Task<BackupJobSnapshot?> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(context.State.RecordExists ? BackupJobSnapshot.From(context.Key, State) : null);

    public async Task SetNotificationsAsync(IReadOnlyList<ChannelAssignment> assignments, bool warningsAreFailures, CancellationToken cancellationToken = default)
    {
        if (!context.State.RecordExists) throw new InvalidOperationException($"No backup job {context.Key}.");
        State.Assignments = assignments.ToList();
        State.WarningsAreFailures = warningsAreFailures;
        await context.State.WriteStateAsync(cancellationToken);
    }

    public async Task<int> SendTestAsync(CancellationToken cancellationToken = default)
    {
        if (!context.State.RecordExists) throw new InvalidOperationException($"No backup job {context.Key}.");
        var channels = State.Assignments.Where(a => a.Enabled).Select(a => a.ChannelId).Distinct().ToList();
        if (channels.Count == 0) return 0;
        var now = context.Time.GetUtcNow();
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
        await effects.NotifyAsync(context.Key, new JobNotification(EventTypes.BackupFailure, sample, channels), $"test:{context.Key}:{sample.RunId}", cancellationToken);
        await context.State.WriteStateAsync(cancellationToken);
        return channels.Count;
    }
}
