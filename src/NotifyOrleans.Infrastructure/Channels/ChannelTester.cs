using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>
/// The Test button: sends a real message now, outside the outbox, and reports exactly what
/// happened, in the delivery log too. A success also marks a failed channel healthy again and
/// releases what waited for it.
/// </summary>
public sealed class ChannelTester(AppDbContext db, ChannelTransports transports, ChannelSettingsSerializer serializer,
    TemplateRenderer templates, NotificationOutbox outbox, TimeProvider time)
{
    public Task<DeliveryResult> TestAsync(Channel channel, CancellationToken cancellationToken) =>
        // In the server's zone, as the channel's notices of jobs without a schedule: a test in UTC beside them read as a clock wrong.
        SendNowAsync(channel, templates.Render(EventTypes.ChannelTest, new NotificationContext { Timestamp = time.GetUtcNow(), ChannelName = channel.Name, Zone = LocalTimes.Zone(TimeZones.Server) }),
            recipient: null, cancellationToken);

    /// <summary>Sends one message now (a test of the channel, or of a system event through it) and records what it says about the channel.</summary>
    public async Task<DeliveryResult> SendNowAsync(Channel channel, NotificationMessage message, string? recipient, CancellationToken cancellationToken)
    {
        var settings = serializer.Read(channel);
        var result = (await transports.For(channel.Kind).SendAsync(settings, [message.For(channel.Kind)], recipient, cancellationToken))
            .WithErrorText(text => SecretsInErrors.Scrub(text, settings));
        var now = time.GetUtcNow();
        if (result is DeliveryResult.Sent)
        {
            await MarkHealthyAsync(channel, now, cancellationToken);
            channel.LastSuccessAt = now;
        }
        else
        {
            channel.LastError = result.ErrorText;
            channel.LastErrorAt = now;
            if (result is DeliveryResult.PermanentFailure) channel.IsHealthy = false;
        }

        outbox.RecordSentNow(message, channel.Id, recipient, result);
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>After a fix (a successful test, or the admin saving the channel): deliver what waited.</summary>
    public async Task MarkHealthyAsync(Channel channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        channel.IsHealthy = true;
        channel.LastError = null;
        channel.LastErrorAt = null; // the error and its time go together: a time alone would read as an error without words
        channel.BlockedUntil = null;
        channel.ConsecutiveFailures = 0;
        await Delivery.WaitingRows.WakeAsync(db, channel.Id, now, cancellationToken);
    }
}
