using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// Delivers the outbox. Every node runs one: it claims a batch (a lease, see
/// <see cref="OutboxClaimer"/>), groups it by channel and recipient, lets the channel's transport
/// pack what fits into one send, sends, and marks the rows after each send. A node that dies
/// between send and mark leaves leased rows that another node re-sends when the lease ends:
/// delivery is at least once, and a duplicate can only come from that window.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    ChannelTransports transports,
    ChannelSettingsSerializer serializer,
    TimeProvider time,
    IOptions<DeliveryOptions> options,
    OutboxSignal signal,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private DeliveryOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.DispatcherEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Outbox dispatch failed; trying again after the poll interval");
            }

            if (handled == 0)
            {
                try { await signal.WaitAsync(Options.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    /// <summary>Claims and works through one batch; returns how many rows it claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var events = scope.ServiceProvider.GetRequiredService<SystemEventRecorder>();
        var now = time.GetUtcNow();
        var ids = await new OutboxClaimer(db).ClaimAsync(now, now + Options.Lease, Options.BatchSize, cancellationToken);
        if (ids.Count == 0) return 0;

        var rows = await db.Outbox.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var channelIds = rows.Select(r => r.ChannelId).Distinct().ToList();
        var channels = await db.Channels.Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var groups = rows
            .GroupBy(r => (r.ChannelId, r.Recipient))
            .OrderBy(g => g.Min(r => r.Priority))
            .Select(g => g.OrderBy(r => r.Priority).ThenBy(r => r.NextAttemptAt).ThenBy(r => r.Id).ToList());
        foreach (var group in groups)
        {
            await DeliverGroupAsync(db, events, channels.GetValueOrDefault(group[0].ChannelId), group, cancellationToken);
        }

        return rows.Count;
    }

    private async Task DeliverGroupAsync(AppDbContext db, SystemEventRecorder events, Channel? channel, List<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (channel is null)
        {
            foreach (var row in rows) Finish(row, OutboxStatus.Dead, now, "The channel was deleted.");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var waitReason = !channel.Enabled ? (now + Options.HeldChannelRecheck, "Waiting: the channel is disabled.")
            : !channel.IsHealthy ? (now + Options.HeldChannelRecheck, $"Waiting: the channel failed ({channel.LastError}). Fix it, or press Test once it works again.")
            : channel.BlockedUntil > now ? (channel.BlockedUntil.Value, "Waiting for the channel's rate limit.")
            : ((DateTimeOffset, string)?)null;
        if (waitReason is var (until, reason))
        {
            Hold(rows, until, reason, now);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var transport = transports.For(channel.Kind);
        var settings = serializer.Read(channel);
        var recipient = rows[0].Recipient is { Length: > 0 } to ? to : null;
        var waiting = rows;
        while (waiting.Count > 0)
        {
            var messages = waiting.Select(NotificationOutbox.Read).ToList();
            var count = Math.Clamp(transport.HowManyFit(messages), 1, waiting.Count);
            var chunk = waiting[..count];
            var result = await transport.SendAsync(settings, messages[..count], recipient, cancellationToken);
            now = time.GetUtcNow();
            Record(chunk, result, now);
            waiting = waiting[count..];
            var stop = ApplyToChannel(channel, result, events, now);
            if (stop is var (holdUntil, holdReason) && waiting.Count > 0)
            {
                Hold(waiting, holdUntil, holdReason, now);
                waiting = [];
            }

            // Marked right after each send: a crash from here on never re-sends this chunk.
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Updates the channel from a result; returns until when the rest of the group must wait, if it must.</summary>
    private (DateTimeOffset, string)? ApplyToChannel(Channel channel, DeliveryResult result, SystemEventRecorder events, DateTimeOffset now)
    {
        switch (result)
        {
            case DeliveryResult.Sent sent:
                channel.LastSuccessAt = now;
                if (sent.CoolDown is { } coolDown)
                {
                    channel.BlockedUntil = now + coolDown;
                    return (channel.BlockedUntil.Value, "Waiting for the channel's rate limit.");
                }

                return null;
            case DeliveryResult.RetryAfter retry:
                channel.BlockedUntil = now + retry.Delay;
                return (channel.BlockedUntil.Value, "Waiting for the channel's rate limit.");
            case DeliveryResult.PermanentFailure permanent:
                channel.IsHealthy = false;
                channel.LastError = permanent.Error;
                channel.LastErrorAt = now;
                if (channel.LastSystemErrorAt is not { } last || now - last >= Options.SystemErrorThrottle)
                {
                    channel.LastSystemErrorAt = now;
                    events.Stage(SystemEventType.SystemError, null, null, $"Channel '{channel.Name}' failed and was paused: {permanent.Error}", new EventOrigin(null, null));
                }

                logger.LogWarning("Channel {Channel} failed permanently: {Error}", channel.Name, permanent.Error);
                return (now + Options.HeldChannelRecheck, $"Waiting: the channel failed ({permanent.Error}).");
            default:
                channel.LastError = result.ErrorText;
                channel.LastErrorAt = now;
                return (now + Options.FirstRetryDelay, "Waiting: the previous message to this channel failed.");
        }
    }

    private void Record(IEnumerable<OutboxMessage> chunk, DeliveryResult result, DateTimeOffset now)
    {
        foreach (var row in chunk)
        {
            row.Attempts++;
            row.LastAttemptAt = now;
            switch (result)
            {
                case DeliveryResult.Sent:
                    Finish(row, OutboxStatus.Sent, now, null);
                    row.SentAt = now;
                    break;
                case DeliveryResult.PermanentFailure permanent:
                    Finish(row, OutboxStatus.Dead, now, permanent.Error);
                    break;
                case DeliveryResult.RetryAfter retry:
                    Reschedule(row, now + retry.Delay, retry.Error, now);
                    break;
                default:
                    Reschedule(row, now + RetrySchedule.Delay(row.Attempts, Options.FirstRetryDelay, Options.MaxRetryDelay), result.ErrorText!, now);
                    break;
            }
        }
    }

    private static void Hold(IEnumerable<OutboxMessage> rows, DateTimeOffset until, string reason, DateTimeOffset now)
    {
        foreach (var row in rows) Reschedule(row, until, reason, now);
    }

    private static void Reschedule(OutboxMessage row, DateTimeOffset at, string error, DateTimeOffset now)
    {
        if (at > row.GiveUpAt)
        {
            Finish(row, OutboxStatus.Dead, now, $"Gave up after {row.Attempts} attempt(s): {error}");
            return;
        }

        row.NextAttemptAt = at;
        row.ClaimedUntil = null;
        row.LastError = error;
    }

    private static void Finish(OutboxMessage row, OutboxStatus status, DateTimeOffset now, string? error)
    {
        row.Status = status;
        row.ClaimedUntil = null;
        row.LastError = error;
        if (status != OutboxStatus.Sent) row.NextAttemptAt = now;
    }
}
