using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>What one channel said when an event's Test sent through it.</summary>
/// <param name="Recipient">The admin's own address, standing in for the user of a direct email; null for the channel's own destination.</param>
public sealed record SystemEventTestOutcome(Guid ChannelId, string ChannelName, string? Recipient, DeliveryResult Result);

/// <summary>
/// The Test button of an event: a sample occurrence with dummy data, routed as the saved settings
/// route it (switched off or not), sent now through each channel, with the admin standing in for
/// the user of "notify user directly" (<c>standIn</c>: the admin's address). Its direct email gives
/// its times in the zone of the account with that address, as the real one does in its user's.
/// </summary>
public sealed class SystemEventTester(AppDbContext db, SystemNotificationStore store, SystemEventMessages messages, ChannelTester sender, TimeProvider time)
{
    public async Task<(IReadOnlyList<SystemEventTestOutcome> Outcomes, IReadOnlyList<string> NotTold)> TestAsync(
        SystemEventType type, string? standIn, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(cancellationToken);
        settings = settings.With(type, settings.For(type) with { Enabled = true });
        var channels = await db.Channels.ToListAsync(cancellationToken);
        var route = SystemEventRouting.Route(type, settings, channels.Select(c => new RoutableChannel(c.Id, c.Name, c.Kind, c.Enabled)).ToList(),
            standIn, userWantsEmail: true, throttledBecause: null);
        var sample = Sample(type, standIn ?? "someone@example.com");
        var outcomes = new List<SystemEventTestOutcome>();
        foreach (var delivery in route.Deliveries)
        {
            var channel = channels.Single(c => c.Id == delivery.ChannelId);
            var message = delivery.Recipient is null ? messages.ForChannels(sample) : messages.ForUser(sample, await ZoneOfAsync(delivery.Recipient, cancellationToken));
            message = message.AsTest();
            outcomes.Add(new SystemEventTestOutcome(channel.Id, channel.Name, delivery.Recipient, await sender.SendNowAsync(channel, message, delivery.Recipient, cancellationToken)));
        }

        return (outcomes, [.. route.NotTold, .. WhyNoDirectEmail(type, settings.For(type), standIn)]);
    }

    /// <summary>Why the stand-in got no direct email, when the event sends none at all (the API's <c>?to=</c> would otherwise go unanswered).</summary>
    private static IEnumerable<string> WhyNoDirectEmail(SystemEventType type, SystemEventSettings settings, string? standIn)
    {
        if (standIn is null) yield break;
        if (!type.CanNotifyUser()) yield return $"{standIn}: this event emails no user directly.";
        else if (settings.NotifyUser == NotifyUserMode.Disabled) yield return $"{standIn}: “Notify user directly” is off for this event.";
    }

    /// <summary>The time zone of the account with this address (from My notifications); UTC for an address of nobody's.</summary>
    private async Task<TimeZoneInfo> ZoneOfAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = email.ToUpperInvariant();
        var zone = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Join(db.UserStates.AsNoTracking(), u => u.Id, s => EF.Property<string>(s, GrainKeyModelExtensions.KeyProperty), (_, s) => s.TimeZoneId)
            .FirstOrDefaultAsync(cancellationToken);
        return LocalTimes.Zone(zone);
    }

    /// <summary>Dummy data that reads like the real thing.</summary>
    private SystemEvent Sample(SystemEventType type, string adminEmail)
    {
        var sample = new SystemEvent { Type = type, OccurredAt = time.GetUtcNow() };
        // Only an event about an account names one (a System Error's test said "User: someone@example.com").
        if (type.CanNotifyUser()) (sample.UserEmail, sample.ActorEmail) = (adminEmail, adminEmail);
        switch (type)
        {
            case SystemEventType.UserLogin:
                sample.IpAddress = "192.0.2.10";
                sample.UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";
                sample.Summary = $"{adminEmail} logged in";
                break;
            case SystemEventType.UserCreated:
                sample.Summary = $"{adminEmail} was created as Member (a test: no account was made)";
                break;
            case SystemEventType.RestoreCompleted or SystemEventType.RestoreFailed:
                sample.ServerName = "nas-01";
                sample.JobName = "photos";
                sample.Details = type == SystemEventType.RestoreFailed ? "Failed to restore file /photos/2026/img_0001.jpg: disk full" : null;
                sample.Summary = $"Restore from photos on nas-01 {(type == SystemEventType.RestoreFailed ? "failed" : "completed (1,234 files)")}.";
                break;
            case SystemEventType.ConfigurationBackup:
                sample.Summary = "Saved notifyorleans-config-sample.json (12 KB).";
                break;
            default:
                sample.Summary = "Channel 'Sample' failed and was paused: Invalid Webhook Token (a test: nothing is wrong).";
                break;
        }

        return sample;
    }
}
