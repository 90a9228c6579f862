using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Domain.SystemEvents;

/// <summary>A channel as routing sees it.</summary>
public sealed record RoutableChannel(Guid Id, string Name, ChannelKind Kind, bool Enabled);

/// <summary>One message to send: through a channel, to its own destination or to one address.</summary>
/// <param name="Recipient">An email address (the user, directly), or null for the channel's own recipients.</param>
/// <param name="Why">In words, for the event's page: "global channel", "the user, directly, as Admin &amp; User asks".</param>
public sealed record SystemEventDelivery(Guid ChannelId, string ChannelName, string? Recipient, string Why);

/// <summary>What happens to one occurrence: who is told, and who is not and why.</summary>
public sealed record SystemEventRoute(IReadOnlyList<SystemEventDelivery> Deliveries, IReadOnlyList<string> NotTold)
{
    public static SystemEventRoute Nobody(string why) => new([], [why]);
}

/// <summary>
/// Who hears about a system event: the event's channels (its own, or the global ones), and for
/// the two user events the user directly, through the first Email channel among them.
/// </summary>
public static class SystemEventRouting
{
    /// <param name="userEmail">The address of the user the event is about (User Login, User Created).</param>
    /// <param name="userWantsEmail">The user grain's answer: false when the user turned off emails about their own logins.</param>
    /// <param name="throttledBecause">Why this occurrence is held back (a login within the throttle, a repeated fault), or null.</param>
    public static SystemEventRoute Route(SystemEventType type, SystemNotificationSettings settings, IReadOnlyList<RoutableChannel> channels,
        string? userEmail, bool userWantsEmail, string? throttledBecause)
    {
        var eventSettings = settings.For(type);
        if (!eventSettings.Enabled) return SystemEventRoute.Nobody($"{type.DisplayName()} is switched off.");
        if (throttledBecause is not null) return SystemEventRoute.Nobody(throttledBecause);

        var byId = channels.ToDictionary(channel => channel.Id);
        var eventChannels = settings.ChannelsFor(type).Select(id => byId.GetValueOrDefault(id)).OfType<RoutableChannel>().ToList();
        var source = eventSettings.Channels is null ? "global channel" : "custom channel of this event";
        var deliveries = new List<SystemEventDelivery>();
        var notTold = new List<string>();
        if (eventChannels.Count == 0) notTold.Add(eventSettings.Channels is null ? "No global channels are set." : "The event's custom channel list is empty.");

        var mode = type.CanNotifyUser() ? eventSettings.NotifyUser : NotifyUserMode.Disabled;
        foreach (var channel in eventChannels)
        {
            if (mode == NotifyUserMode.UserOnly) break;
            if (!channel.Enabled) notTold.Add($"{channel.Name}: the channel is disabled.");
            else deliveries.Add(new SystemEventDelivery(channel.Id, channel.Name, null, source));
        }

        if (mode != NotifyUserMode.Disabled)
        {
            var modeName = mode == NotifyUserMode.UserOnly ? "User only" : "Admin & User";
            // The first Email channel that is on: a disabled one before it (an old mail server) must not silence the user.
            var email = eventChannels.Where(channel => channel.Kind == ChannelKind.Email).OrderBy(channel => channel.Enabled ? 0 : 1).FirstOrDefault();
            if (email is null) notTold.Add("The user: no Email channel among the event's channels.");
            else if (!email.Enabled) notTold.Add($"The user: the Email channel {email.Name} is disabled.");
            else if (string.IsNullOrWhiteSpace(userEmail)) notTold.Add("The user: the account has no email address.");
            else if (!userWantsEmail) notTold.Add($"{userEmail}: turned off emails about logins to their account.");
            else deliveries.Add(new SystemEventDelivery(email.Id, email.Name, userEmail, $"the user, directly, as {modeName} asks"));
        }

        return new SystemEventRoute(deliveries, notTold);
    }
}
