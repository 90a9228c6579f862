using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Notifications;
using Orleans.Runtime;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// The user grain: <see cref="UserTransitions"/> decides, this class persists. It also sends the
/// person's digests (quiet hours) and summaries; a reminder keeps the summary's time.
/// </summary>
[GrainType("user")]
public sealed class UserGrain(IDbContextFactory<AppDbContext> dbs, GroupCommit commits, TimeProvider time, SubscriberDirectory subscribers,
    IOptions<DeliveryOptions> delivery, OutboxSignal signal, IncidentLinks links, TemplateRenderer templates)
    : RowGrain<UserState>(dbs, commits), IUserGrain, IRemindable
{
    /// <summary>Ticks at the next summary time; moved to the one after at each tick (reminders are periodic, summaries follow the person's clock).</summary>
    public const string SummaryReminder = "summary";

    private TimeZoneInfo Zone => LocalTimes.Zone(State.TimeZoneId);

    /// <summary>The time as the database keeps it: what the API shows before a restart, it shows after.</summary>
    private DateTimeOffset Now => Instants.AsStored(time.GetUtcNow());

    public Task<UserSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(UserTransitions.Snapshot(State));

    public async Task UpdatePreferencesAsync(NotificationPreferences preferences, CancellationToken cancellationToken = default)
    {
        var heldUntil = await ChangeAsync(async db =>
        {
            UserTransitions.ApplyPreferences(State, preferences, Now);
            return (await RetimeHeldAsync(db, cancellationToken), true);
        }, cancellationToken);
        subscribers.Changed();
        await ArmSummaryAsync();
        if (heldUntil <= time.GetUtcNow()) await SendDigestAsync(cancellationToken);
    }

    /// <summary>
    /// What quiet hours held waits for the end of the quiet time as the person's hours now say: it
    /// comes at once (as the digest) when those say it is not quiet now, or there are none. Held
    /// rows kept the old end otherwise, and a failure held overnight stayed held after the person
    /// ended their quiet hours early.
    /// </summary>
    private async Task<DateTimeOffset?> RetimeHeldAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var held = await db.Outbox.Where(r => r.HeldFor == Key && r.Status == OutboxStatus.Held).ToListAsync(cancellationToken);
        if (held.Count == 0) return null;
        var now = time.GetUtcNow();
        var until = State.QuietHours?.QuietUntil(now, Zone) ?? now;
        foreach (var row in held) row.NextAttemptAt = until;
        return until;
    }

    public async Task SetSubscriptionsAsync(IReadOnlyList<Subscription> subscriptions, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(_ =>
        {
            UserTransitions.SetSubscriptions(State, subscriptions, Now);
            return Task.FromResult((true, true));
        }, cancellationToken);
        subscribers.Changed();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SummaryReminder) return;
        await SendDueSummaryAsync();
        await ArmSummaryAsync();
    }

    public Task<bool> SendDueSummaryAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(async db =>
        {
            if (State.Summary is not { } schedule || schedule.LatestUpTo(time.GetUtcNow(), Zone) is not { } end) return (false, false);
            if (State.LastSummaryFor >= end) return (false, false); // sent already, by this or another activation
            State.LastSummaryFor = end;
            // Marked sent even when there is nothing to send (no job, no address): the next period tries again.
            await EnqueueSummaryAsync(db, schedule.PeriodStart(end, Zone), end, schedule.PeriodName, $"summary:{Key}:{end:O}", cancellationToken);
            return (true, true);
        }, cancellationToken);

    public async Task<string?> SendSummaryNowAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var schedule = State.Summary ?? new SummarySchedule(SummaryFrequency.Daily, TimeOnly.MinValue);
        await using var db = await Contexts.CreateDbContextAsync(cancellationToken);
        var whyNot = await EnqueueSummaryAsync(db, schedule.PeriodStart(now, Zone), now, schedule.PeriodName, $"summary-now:{Key}:{now:O}", cancellationToken);
        if (whyNot is null) await db.SaveChangesAsync(cancellationToken);
        return whyNot;
    }

    /// <returns>Null when enqueued, else why not.</returns>
    private async Task<string?> EnqueueSummaryAsync(AppDbContext db, DateTimeOffset start, DateTimeOffset end, string periodName, string dedupKey, CancellationToken cancellationToken)
    {
        var account = await db.Users.AsNoTracking().Where(u => u.Id == Key).Select(u => new { u.Email, u.IsDisabled }).SingleOrDefaultAsync(cancellationToken);
        if (account is { IsDisabled: true }) return "The account is disabled: nothing is sent to it.";
        if (account is null || string.IsNullOrWhiteSpace(account.Email)) return "The account has no email address to send it to.";
        var through = await EmailChannels.FirstEnabledAsync(db, cancellationToken);
        if (through is null) return "No Email channel is enabled: an admin adds one on the Channels page.";
        var message = await new SummaryReport(db, templates).BuildAsync(State.Subscriptions, start, end, Zone, periodName, links.Console(), cancellationToken);
        if (message is null) return "The subscriptions cover no job yet: subscribe to some first.";
        await new NotificationOutbox(db, time, delivery, signal).EnqueueAsync(message, through.Value, dedupKey, account.Email, cancellationToken: cancellationToken);
        return null;
    }

    /// <summary>The reminder sits on the next summary time, or goes when summaries are off.</summary>
    private Task ArmSummaryAsync() => this.KeepOnAsync(SummaryReminder, State.Summary?.NextAfter(time.GetUtcNow(), Zone), time);

    public Task EnsureSummaryArmedAsync(CancellationToken cancellationToken = default) =>
        this.EnsureOnAsync(SummaryReminder, State.Summary?.NextAfter(time.GetUtcNow(), Zone), time);

    public Task RecordLoginAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(_ =>
        {
            UserTransitions.ApplyLogin(State, Now);
            return Task.FromResult((true, true));
        }, cancellationToken);

    /// <summary>
    /// The held rows whose time has come become one digest row per address, in one transaction:
    /// marked Digested as the digest is enqueued. A second call (another node's sender) finds none.
    /// To the account's address now; nothing to an account deleted or disabled meanwhile.
    /// </summary>
    public Task<int> SendDigestAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(async db =>
        {
            var account = await db.Users.AsNoTracking().Where(u => u.Id == Key).Select(u => new { u.Email, u.IsDisabled }).SingleOrDefaultAsync(cancellationToken);
            if (account is null or { IsDisabled: true })
            {
                var reason = DeliveryErrors.NotSent(account is null ? "the account was deleted." : "the account is disabled.");
                return (await QuietHoursDigest.DropAsync(db, Key, time.GetUtcNow(), reason, cancellationToken), false);
            }

            var folded = await QuietHoursDigest.FoldAsync(db, new NotificationOutbox(db, time, delivery, signal), Key, Zone, time.GetUtcNow(),
                links.Console(), "Your quiet hours", cancellationToken, string.IsNullOrWhiteSpace(account.Email) ? null : account.Email);
            return (folded, folded > 0);
        }, cancellationToken);
}
