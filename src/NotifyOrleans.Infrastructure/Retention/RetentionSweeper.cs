using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Retention;

/// <summary>How many rows a sweep deleted, table by table.</summary>
public sealed record RetentionSweep(int Runs, int Notifications, int SystemEvents, int JobEvents)
{
    public int Total => Runs + Notifications + SystemEvents + JobEvents;
}

/// <summary>
/// Deletes what is older than <see cref="RetentionOptions"/> keeps: runs, finished notifications,
/// routed system events and incident timelines. Never a notification still to be sent or held, nor
/// an event not yet routed. Each batch is found by a read (in WAL mode it waits for no writer) and
/// deleted by id in one short statement, oldest first, so reports go on meanwhile.
/// </summary>
public sealed class RetentionSweeper(AppDbContext db, TimeProvider time, IOptions<RetentionOptions> options, ILogger<RetentionSweeper> logger)
{
    private static readonly OutboxStatus[] Finished = [OutboxStatus.Sent, OutboxStatus.Dead, OutboxStatus.Cancelled, OutboxStatus.Digested];

    public async Task<RetentionSweep> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var keep = options.Value;
        var sweep = new RetentionSweep(
            RetentionOptions.Cutoff(keep.RunHistory, now) is { } runs
                ? await InBatchesAsync(
                    take => db.BackupRuns.Where(r => r.EndedAt < runs).OrderBy(r => r.Id).Select(r => r.Id).Take(take).ToListAsync(cancellationToken),
                    ids => db.BackupRuns.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken))
                : 0,
            RetentionOptions.Cutoff(keep.DeliveryLog, now) is { } notifications
                ? await InBatchesAsync(
                    take => db.Outbox.Where(r => Finished.Contains(r.Status) && r.CreatedAt < notifications).OrderBy(r => r.Id).Select(r => r.Id).Take(take).ToListAsync(cancellationToken),
                    ids => db.Outbox.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken))
                : 0,
            RetentionOptions.Cutoff(keep.Events, now) is { } systemEvents
                ? await InBatchesAsync(
                    take => db.SystemEvents.Where(e => e.ProcessedAt != null && e.OccurredAt < systemEvents).OrderBy(e => e.Id).Select(e => e.Id).Take(take).ToListAsync(cancellationToken),
                    ids => db.SystemEvents.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken))
                : 0,
            RetentionOptions.Cutoff(keep.Events, now) is { } jobEvents
                ? await InBatchesAsync(
                    take => db.JobEvents.Where(e => e.At < jobEvents).OrderBy(e => e.Id).Select(e => e.Id).Take(take).ToListAsync(cancellationToken),
                    ids => db.JobEvents.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken))
                : 0);
        if (sweep.Total > 0)
        {
            logger.LogInformation("Retention: deleted {Runs} runs, {Notifications} finished notifications, {SystemEvents} system events and {JobEvents} timeline entries older than kept",
                sweep.Runs, sweep.Notifications, sweep.SystemEvents, sweep.JobEvents);
        }

        return sweep;
    }

    /// <summary>Finds a batch of ids and deletes them, until a batch comes back short; returns how many went.</summary>
    private async Task<int> InBatchesAsync(Func<int, Task<List<long>>> find, Func<List<long>, Task<int>> delete)
    {
        var batch = Math.Max(1, options.Value.BatchSize);
        var deleted = 0;
        while (true)
        {
            var ids = await find(batch);
            if (ids.Count > 0) deleted += await delete(ids);
            if (ids.Count < batch) return deleted;
        }
    }
}
