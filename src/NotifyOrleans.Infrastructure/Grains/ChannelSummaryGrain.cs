using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Channels;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;
using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// The channels' summary report. The setting is read fresh at each tick; a period goes to each
/// channel under one outbox key, so a second tick, a retry or another node's call adds nothing.
/// </summary>
[GrainType("channelsummary")]
public sealed class ChannelSummaryGrain(IDbContextFactory<AppDbContext> dbs, TimeProvider time, IOptions<DeliveryOptions> delivery, OutboxSignal signal,
    IncidentLinks links, TemplateRenderer templates)
    : Grain, IChannelSummaryGrain, IRemindable
{
    public const string Reminder = "channel-summary";

    public async Task ArmAsync(CancellationToken cancellationToken = default)
    {
        var summary = await SettingAsync(cancellationToken);
        await this.KeepOnAsync(Reminder, summary.IsOn ? summary.Schedule.NextAfter(time.GetUtcNow(), LocalTimes.Zone(summary.TimeZoneId)) : null, time);
    }

    public async Task EnsureArmedAsync(CancellationToken cancellationToken = default)
    {
        var summary = await SettingAsync(cancellationToken);
        await this.EnsureOnAsync(Reminder, summary.IsOn ? summary.Schedule.NextAfter(time.GetUtcNow(), LocalTimes.Zone(summary.TimeZoneId)) : null, time);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await SendDueAsync();
        await ArmAsync();
    }

    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var summary = await SettingAsync(cancellationToken);
        var zone = LocalTimes.Zone(summary.TimeZoneId);
        if (!summary.IsOn || summary.Schedule.LatestUpTo(time.GetUtcNow(), zone) is not { } end) return 0;
        return await SendAsync(summary, summary.Schedule.PeriodStart(end, zone), end, $"summary:channels:{end:O}", cancellationToken);
    }

    public async Task<int> SendNowAsync(CancellationToken cancellationToken = default)
    {
        var summary = await SettingAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await SendAsync(summary, summary.Schedule.PeriodStart(now, LocalTimes.Zone(summary.TimeZoneId)), now, $"summary-now:channels:{now:O}", cancellationToken);
    }

    private async Task<int> SendAsync(ChannelSummary summary, DateTimeOffset start, DateTimeOffset end, string dedupKey, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var channels = await db.Channels.AsNoTracking().Where(c => c.Enabled && summary.Channels.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        if (channels.Count == 0) return 0;
        var message = await new SummaryReport(db, templates).BuildAsync([summary.Covers], start, end, LocalTimes.Zone(summary.TimeZoneId),
            summary.Schedule.PeriodName, links.Console(), cancellationToken);
        if (message is null) return 0;
        var outbox = new NotificationOutbox(db, time, delivery, signal); // looks up each key: a period already sent is skipped
        var enqueued = 0;
        foreach (var channel in channels)
            if (await outbox.EnqueueAsync(message, channel, dedupKey, cancellationToken: cancellationToken)) enqueued++;
        await db.SaveChangesAsync(cancellationToken);
        return enqueued;
    }

    private async Task<ChannelSummary> SettingAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await new JobDefaults(db, time).GetChannelSummaryAsync(cancellationToken);
    }
}
