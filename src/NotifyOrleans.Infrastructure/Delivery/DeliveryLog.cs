using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>Which rows of the log to show. <paramref name="Job"/> matches part of the job's key; times are when the row was queued.</summary>
/// <param name="SeenBy">A Member's email address: only the job notices to channels (what the job pages show anyone) and the rows addressed to them; null for an admin's view of all.</param>
public sealed record DeliveryFilter(OutboxStatus? Status = null, Guid? Channel = null, string? Job = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    string? SeenBy = null);

public enum DeliveryChange
{
    Done,
    NotFound,
    NotApplicable,
    /// <summary>Its channel was deleted: there is nowhere to send it (a retry would die at once, and lose the destination's last answer).</summary>
    ChannelDeleted,
}

/// <summary>
/// The delivery log as people read and act on it, for the Delivery log page and the API alike:
/// the outbox rows newest first, and Retry now and Cancel.
/// </summary>
public sealed class DeliveryLog(AppDbContext db, TimeProvider time, IOptions<DeliveryOptions> options, OutboxSignal signal)
{
    public Task<List<OutboxMessage>> PageAsync(DeliveryFilter filter, int skip, int take, CancellationToken cancellationToken) =>
        Matching(filter).OrderByDescending(r => r.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);

    public Task<int> CountAsync(DeliveryFilter filter, CancellationToken cancellationToken) => Matching(filter).CountAsync(cancellationToken);

    public Task<OutboxMessage?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Outbox.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>
    /// How many rows of each status match the filter's other conditions (its channel, job, period and
    /// reader): a filtered list's counts are of what it lists, each status beside the chosen one.
    /// </summary>
    public async Task<Dictionary<OutboxStatus, int>> CountsAsync(DeliveryFilter filter, CancellationToken cancellationToken) =>
        (await Matching(filter with { Status = null }).GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
        .ToDictionary(g => g.Key, g => g.Count);

    /// <summary>
    /// Sends a waiting or dead row now, with a fresh give-up time. A channel that backs off after
    /// failures in a row tries at once: whoever presses Retry now has likely fixed the destination
    /// (one more failure backs it off again). A rate limit is the destination's own word, and is kept.
    /// A row a dispatcher is sending right now is left to it: its lease taken away, another claimed
    /// and sent it a second time.
    /// </summary>
    public async Task<DeliveryChange> RetryAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await db.Outbox.AnyAsync(r => r.Id == id && r.Status == OutboxStatus.Pending && r.ClaimedUntil > now, cancellationToken)) return DeliveryChange.Done;
        var changed = await db.Outbox.Where(r => r.Id == id && (r.Status == OutboxStatus.Pending || r.Status == OutboxStatus.Dead) && db.Channels.Any(c => c.Id == r.ChannelId))
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, OutboxStatus.Pending)
                .SetProperty(r => r.NextAttemptAt, now)
                .SetProperty(r => r.GiveUpAt, now + options.Value.GiveUpAfter)
                .SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
        if (changed != 1)
        {
            var row = await db.Outbox.Where(r => r.Id == id).Select(r => new { r.Status, ChannelKept = db.Channels.Any(c => c.Id == r.ChannelId) }).SingleOrDefaultAsync(cancellationToken);
            return row is null ? DeliveryChange.NotFound
                : row.Status is OutboxStatus.Pending or OutboxStatus.Dead && !row.ChannelKept ? DeliveryChange.ChannelDeleted
                : DeliveryChange.NotApplicable;
        }

        var channelId = await db.Outbox.Where(r => r.Id == id).Select(r => r.ChannelId).SingleAsync(cancellationToken);
        await db.Channels.Where(c => c.Id == channelId && c.ConsecutiveFailures > 0 && c.BlockedUntil > now)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.BlockedUntil, now), cancellationToken);
        signal.NotifyEverywhere();
        return DeliveryChange.Done;
    }

    /// <summary>
    /// Why a row just queued again is not sent at once, or null: its channel is switched off, or failed
    /// for good (a refused token, a deleted webhook) and waits until it is saved again or a Test works.
    /// Retry now says so rather than "sent now", which it would not be.
    /// </summary>
    public async Task<string?> WhyRetryWaitsAsync(long id, CancellationToken cancellationToken)
    {
        var channel = await db.Outbox.Where(r => r.Id == id).Join(db.Channels.AsNoTracking(), r => r.ChannelId, c => c.Id, (_, c) => c)
            .SingleOrDefaultAsync(cancellationToken);
        if (channel is not { WaitsForSomebody: true }) return null;
        return channel.Enabled
            ? $"Queued, but the channel {channel.Name} failed: it is sent once the channel is mended and saved, or its Test on the Channels page works."
            : $"Queued, but the channel {channel.Name} is switched off: it is sent once the channel is switched on again.";
    }

    /// <summary>Stops a waiting row, or one held for a quiet hours' digest, from being sent; <paramref name="by"/> is named in its last error.</summary>
    public async Task<DeliveryChange> CancelAsync(long id, string by, CancellationToken cancellationToken)
    {
        var changed = await db.Outbox.Where(r => r.Id == id && (r.Status == OutboxStatus.Pending || r.Status == OutboxStatus.Held))
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, OutboxStatus.Cancelled)
                .SetProperty(r => r.LastError, $"Cancelled by {by}."), cancellationToken);
        return changed == 1 ? DeliveryChange.Done : await MissingOrNotApplicableAsync(id, cancellationToken);
    }

    private IQueryable<OutboxMessage> Matching(DeliveryFilter filter)
    {
        var query = db.Outbox.AsNoTracking();
        if (filter.Status is { } status) query = query.Where(r => r.Status == status);
        if (filter.Channel is { } channel) query = query.Where(r => r.ChannelId == channel);
        if (!string.IsNullOrWhiteSpace(filter.Job)) query = query.Where(r => r.JobKey != null && r.JobKey.Contains(filter.Job.Trim().ToLower()));
        if (filter.From is { } from) query = query.Where(r => r.CreatedAt >= from);
        if (filter.To is { } to) query = query.Where(r => r.CreatedAt < to);
        // Other people's mail (logins with their address and browser, digests, summaries) and the
        // system events' notices are not a Member's to read.
        // A reader without an address (an account deleted while its cookie lasts) reads no mail:
        // "" matched every row sent to a channel, the system events' notices too.
        if (filter.SeenBy is { } reader)
            query = reader.Length == 0 ? query.Where(r => r.JobKey != null && r.Recipient == "") : query.Where(r => (r.JobKey != null && r.Recipient == "") || r.Recipient == reader);
        return query;
    }

    private async Task<DeliveryChange> MissingOrNotApplicableAsync(long id, CancellationToken cancellationToken) =>
        await db.Outbox.AnyAsync(r => r.Id == id, cancellationToken) ? DeliveryChange.NotApplicable : DeliveryChange.NotFound;
}
