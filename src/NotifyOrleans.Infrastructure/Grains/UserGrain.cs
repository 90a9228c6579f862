using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>The user grain: <see cref="UserTransitions"/> decides, this class persists.</summary>
[GrainType("user")]
public sealed class UserGrain(IDbContextFactory<AppDbContext> dbs, TimeProvider time, SubscriberDirectory subscribers,
    IOptions<DeliveryOptions> delivery, OutboxSignal signal, IncidentLinks links)
    : RowGrain<UserState>(dbs), IUserGrain
{
    public Task<UserSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(UserTransitions.Snapshot(State));

    public async Task UpdatePreferencesAsync(NotificationPreferences preferences, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(_ =>
        {
            UserTransitions.ApplyPreferences(State, preferences, time.GetUtcNow());
            return Task.FromResult((true, true));
        }, cancellationToken);
        subscribers.Changed();
    }

    public async Task SetSubscriptionsAsync(IReadOnlyList<Subscription> subscriptions, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(_ =>
        {
            UserTransitions.SetSubscriptions(State, subscriptions, time.GetUtcNow());
            return Task.FromResult((true, true));
        }, cancellationToken);
        subscribers.Changed();
    }

    public Task RecordLoginAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(_ =>
        {
            UserTransitions.ApplyLogin(State, time.GetUtcNow());
            return Task.FromResult((true, true));
        }, cancellationToken);

    /// <summary>
    /// The held rows whose time has come become one digest row per address, in one transaction:
    /// marked Digested as the digest is enqueued. A second call (another node's sender) finds none.
    /// </summary>
    public Task<int> SendDigestAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(async db =>
        {
            var now = time.GetUtcNow();
            var held = await db.Outbox.Where(r => r.HeldFor == Key && r.Status == OutboxStatus.Held && r.NextAttemptAt <= now)
                .OrderBy(r => r.Id).ToListAsync(cancellationToken);
            if (held.Count == 0) return (0, false);
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(State.TimeZoneId, out var found) ? found : TimeZoneInfo.Utc;
            var outbox = new NotificationOutbox(db, time, delivery, signal);
            foreach (var rows in held.GroupBy(r => (r.ChannelId, r.Recipient)))
            {
                var digest = QuietHoursDigest.Build(rows.Select(NotificationOutbox.Read).ToList(), zone, now, links.Console());
                await outbox.EnqueueAsync(digest, rows.Key.ChannelId, $"digest:{Key}:{rows.Max(r => r.Id)}", rows.Key.Recipient, cancellationToken: cancellationToken);
                foreach (var row in rows) row.Status = OutboxStatus.Digested;
            }

            return (held.Count, true);
        }, cancellationToken);
}
