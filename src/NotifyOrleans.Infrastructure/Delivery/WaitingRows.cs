using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Delivery;

public static class WaitingRows
{
    /// <summary>
    /// The rows in the dispatchers' queue indexes (OutboxMessageConfiguration). A query reads them
    /// only if its own condition says <c>Status == OutboxStatus.Pending</c> with the constant: SQLite
    /// uses a partial index when the query's terms contain the index's, as written.
    /// </summary>
    public const string Filter = "\"Status\" = 'Pending'";

    /// <summary>
    /// How a message's last error begins once the dispatcher has told that it fails on its own (the
    /// destination delivers the others): it keeps its own backoff, and no channel's recovery wakes it.
    /// </summary>
    public const string FailsOnItsOwn = "Fails on its own (the channel delivers other messages): ";

    /// <summary>
    /// A channel that works again (a send or a Test succeeded, or an admin fixed it) delivers at
    /// once what was waiting out a backoff for it, instead of each row waiting for its own retry time;
    /// not a message that fails on its own (<see cref="FailsOnItsOwn"/>), which keeps its own backoff.
    /// </summary>
    public static Task<int> WakeAsync(AppDbContext db, Guid channelId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Outbox
            .Where(r => r.ChannelId == channelId && r.Status == OutboxStatus.Pending && r.NextAttemptAt > now)
            .Where(r => r.LastError == null || !r.LastError.StartsWith(FailsOnItsOwn))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.NextAttemptAt, now), cancellationToken);
}
