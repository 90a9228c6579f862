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
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var quiet = await new JobDefaults(db, time).GetChannelQuietHoursAsync(cancellationToken);
        var folded = await QuietHoursDigest.FoldAsync(db, new NotificationOutbox(db, time, delivery, signal), ChannelDigests.HeldFor(Guid.Parse(this.GetPrimaryKeyString())),
            LocalTimes.Zone(quiet.TimeZoneId), time.GetUtcNow(), links.Console(), "The channels' quiet hours", cancellationToken);
        if (folded > 0) await db.SaveChangesAsync(cancellationToken);
        return folded;
    }
}
