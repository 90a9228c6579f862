using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Delivery;

public static class WaitingRows
{
    /// <summary>
    /// A channel that works again (a send or a Test succeeded, or an admin fixed it) delivers at
    /// once what was waiting out a backoff for it, instead of each row waiting for its own retry time.
    /// </summary>
    public static Task<int> WakeAsync(AppDbContext db, Guid channelId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Outbox
            .Where(r => r.ChannelId == channelId && r.Status == OutboxStatus.Pending && r.NextAttemptAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.NextAttemptAt, now), cancellationToken);
}
