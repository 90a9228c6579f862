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
        var (runs, notifications, events) = (RetentionOptions.Cutoff(keep.RunHistory, now), RetentionOptions.Cutoff(keep.DeliveryLog, now), RetentionOptions.Cutoff(keep.Events, now));
        var sweep = new RetentionSweep(
            runs is null ? 0 : await DeleteAsync(db.BackupRuns.Where(r => r.EndedAt < runs), cancellationToken),
            notifications is null ? 0 : await DeleteAsync(db.Outbox.Where(r => Finished.Contains(r.Status) && r.CreatedAt < notifications), cancellationToken),
            events is null ? 0 : await DeleteAsync(db.SystemEvents.Where(e => e.ProcessedAt != null && e.OccurredAt < events), cancellationToken),
            events is null ? 0 : await DeleteAsync(db.JobEvents.Where(e => e.At < events), cancellationToken));
        if (sweep.Total > 0)
        {
            logger.LogInformation("Retention: deleted {Runs} runs, {Notifications} finished notifications, {SystemEvents} system events and {JobEvents} timeline entries older than kept",
                sweep.Runs, sweep.Notifications, sweep.SystemEvents, sweep.JobEvents);
        }

        return sweep;
    }

    /// <summary>
    /// Deletes the rows of <paramref name="old"/> (a table whose key is a <c>long Id</c>) a batch at
    /// a time, oldest first, until a batch comes back short; returns how many went.
    /// </summary>
    private async Task<int> DeleteAsync<T>(IQueryable<T> old, CancellationToken cancellationToken) where T : class
    {
        var batch = Math.Max(1, options.Value.BatchSize);
        var deleted = 0;
        while (true)
        {
            var ids = await old.OrderBy(row => EF.Property<long>(row, Id)).Select(row => EF.Property<long>(row, Id)).Take(batch).ToListAsync(cancellationToken);
            if (ids.Count > 0) deleted += await db.Set<T>().Where(row => ids.Contains(EF.Property<long>(row, Id))).ExecuteDeleteAsync(cancellationToken);
            if (ids.Count < batch) return deleted;
        }
    }

    private const string Id = "Id";
}
