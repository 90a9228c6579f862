using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>What happened to an accepted report.</summary>
public sealed record IngestOutcome(string JobKey, bool Repeat);

/// <summary>
/// Hands a parsed report to its job grain. Restores do not touch the backup's status: they are
/// kept in the job's history and raise Restore Completed / Restore Failed system events. Other
/// operations (Duplicati's List, Compact, Repair, Test run on their own) are kept in the history
/// only: a successful List must not make a failing backup look recovered.
/// Nothing is sent here; notifications leave through the outbox.
/// </summary>
public sealed class IngestService(IGrainFactory grains, AppDbContext db, SystemEventRecorder events, TimeProvider time)
{
    public async Task<IngestOutcome> RecordAsync(RunReport report, CancellationToken cancellationToken)
    {
        report = report.Bounded();
        var key = JobKey.Of(report.ServerName, report.JobName).Value;
        if (report.Operation != RunOperation.Backup) return await RecordHistoryOnlyAsync(key, report, cancellationToken);
        // Safe to repeat: the run id makes a second delivery of the same report a repeat.
        var outcome = await NodeLoss.RetriedAsync(() => grains.GetGrain<IBackupJobGrain>(key).RecordRunAsync(report, cancellationToken), time, cancellationToken);
        return new IngestOutcome(key, outcome == RecordOutcome.Repeat);
    }

    /// <param name="runId">The run the start names (a ping's <c>?rid=</c>), if any.</param>
    public async Task<IngestOutcome> RecordStartAsync(string serverName, string jobName, string? runId, CancellationToken cancellationToken)
    {
        var key = JobKey.Of(serverName, jobName).Value;
        var startedAt = time.GetUtcNow();
        await NodeLoss.RetriedAsync(async () =>
        {
            await grains.GetGrain<IBackupJobGrain>(key).RecordStartAsync(serverName, jobName, startedAt, runId, cancellationToken);
            return true; // a start said twice is the same start
        }, time, cancellationToken);
        return new IngestOutcome(key, false);
    }

    /// <summary>A line for the job's timeline from its script; nothing else about the job changes.</summary>
    public async Task RecordLogAsync(string serverName, string jobName, string text, CancellationToken cancellationToken)
    {
        var key = JobKey.Of(serverName, jobName).Value;
        await NodeLoss.RetriedAsync(async () =>
        {
            await grains.GetGrain<IBackupJobGrain>(key).RecordLogAsync(serverName, jobName, text, cancellationToken);
            return true;
        }, time, cancellationToken);
    }

    private async Task<IngestOutcome> RecordHistoryOnlyAsync(string key, RunReport report, CancellationToken cancellationToken)
    {
        var history = new JobSideEffectsHistory(db);
        if (await history.ContainsAsync(key, report.RunId, cancellationToken))
            return new IngestOutcome(key, Repeat: true);

        // One SaveChanges: the history row and the restore event commit together.
        var now = time.GetUtcNow();
        history.Add(key, report.EndingBy(now).Report, now);
        if (report.Operation == RunOperation.Restore && !report.History) // an imported restore is the past: nobody is told
        {
            var failed = report.Status == RunStatus.Failure;
            events.Stage(new SystemEvent
            {
                Type = failed ? SystemEventType.RestoreFailed : SystemEventType.RestoreCompleted,
                ServerName = report.ServerName,
                JobName = report.JobName,
                // What the tool said of it (a failure's error, or the note sent with a restore that worked) and how many files came back.
                Details = string.Join("\n", new[] { report.FileCount is { } restored ? $"{Format.Count(restored)} files restored." : null, failed ? report.ErrorDetails ?? report.Message : report.Message }
                    .Where(line => !string.IsNullOrWhiteSpace(line))) is { Length: > 0 } details ? details : null,
                Summary = $"Restore from {report.JobName} on {report.ServerName} {(failed ? "failed" : "completed")}"
                    + (report.FileCount is { } files ? $" ({Format.Count(files)} files)." : "."),
            }, EventOrigin.None);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new IngestOutcome(key, Repeat: false);
    }
}
