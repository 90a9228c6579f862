using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Channels;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// A channel's digest: its held rows whose time has come become one message to the channel, marked
/// Digested in the same transaction. No state of its own: the rows are the state, and the grain
/// (one activation in the cluster) keeps two nodes from folding the same rows twice.
/// </summary>
[GrainType("channeldigest")]
public sealed class ChannelDigestGrain(IDbContextFactory<AppDbContext> dbs, TimeProvider time, IOptions<DeliveryOptions> delivery, OutboxSignal signal, IncidentLinks links)
    : Grain, IChannelDigestGrain
{
    public async Task<int> SendDigestAsync(CancellationToken cancellationToken = default)
    {
        var heldFor = ChannelDigests.HeldFor(Guid.Parse(this.GetPrimaryKeyString()));
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var held = await db.Outbox.Where(r => r.HeldFor == heldFor && r.Status == OutboxStatus.Held && r.NextAttemptAt <= now)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        if (held.Count == 0) return 0;
        var quiet = await new JobDefaults(db, time).GetChannelQuietHoursAsync(cancellationToken);
        var digest = QuietHoursDigest.Build(held.Select(NotificationOutbox.Read).ToList(), LocalTimes.Zone(quiet.TimeZoneId), now, links.Console(), "The channels' quiet hours");
        await new NotificationOutbox(db, time, delivery, signal).EnqueueAsync(digest, held[0].ChannelId, $"digest:{heldFor}:{held[^1].Id}", cancellationToken: cancellationToken);
        foreach (var row in held) row.Status = OutboxStatus.Digested;
        await db.SaveChangesAsync(cancellationToken);
        return held.Count;
    }
}
