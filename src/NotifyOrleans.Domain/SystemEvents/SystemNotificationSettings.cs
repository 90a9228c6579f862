using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Domain.SystemEvents;

/// <summary>One event's settings.</summary>
/// <param name="Channels">Its own channels (the "Custom channels" override), or null for the global channels.</param>
/// <param name="NotifyUser">For User Login and User Created only: whether the user is emailed directly.</param>
public sealed record SystemEventSettings(bool Enabled, IReadOnlyList<Guid>? Channels = null, NotifyUserMode NotifyUser = NotifyUserMode.Disabled);

/// <summary>Settings → System notifications: which events are sent, and to which channels.</summary>
/// <param name="GlobalChannels">The channels every enabled event uses unless it has its own.</param>
/// <param name="LoginThrottle">One User Login notification per user and address per this long.</param>
public sealed record SystemNotificationSettings(
    IReadOnlyList<Guid> GlobalChannels,
    IReadOnlyDictionary<SystemEventType, SystemEventSettings> Events,
    TimeSpan LoginThrottle)
{
    public static readonly TimeSpan DefaultLoginThrottle = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxLoginThrottle = TimeSpan.FromDays(1);

    public static SystemNotificationSettings Default { get; } = new(
        [], SystemEventCatalog.All.ToDictionary(type => type, type => new SystemEventSettings(type.OnByDefault())), DefaultLoginThrottle);

    public SystemEventSettings For(SystemEventType type) =>
        Events.TryGetValue(type, out var settings) ? settings : new SystemEventSettings(type.OnByDefault());

    /// <summary>The channels the event is sent to: its own, or the global ones.</summary>
    public IReadOnlyList<Guid> ChannelsFor(SystemEventType type) => For(type).Channels ?? GlobalChannels;

    public SystemNotificationSettings With(SystemEventType type, SystemEventSettings settings) =>
        this with { Events = new Dictionary<SystemEventType, SystemEventSettings>(Events) { [type] = settings } };

    /// <summary>The first thing wrong, named by its field (as the API and the form name it), or null.</summary>
    /// <param name="kindOf">The kind of an existing channel, or null for an id that is no channel.</param>
    public (string Field, string Message)? Check(Func<Guid, ChannelKind?> kindOf)
    {
        if (GlobalChannels.FirstOrDefault(id => kindOf(id) is null) is var unknown && unknown != Guid.Empty)
            return ("globalChannels", $"There is no channel {unknown}.");
        if (LoginThrottle < TimeSpan.Zero || LoginThrottle > MaxLoginThrottle)
            return ("loginThrottle", "The login throttle must be between 0 and 24 hours.");
        foreach (var (type, settings) in Events)
        {
            var field = $"events.{type.Slug()}";
            if (settings.Channels?.FirstOrDefault(id => kindOf(id) is null) is { } missing && missing != Guid.Empty)
                return ($"{field}.channels", $"There is no channel {missing}.");
            if (settings.NotifyUser == NotifyUserMode.Disabled) continue;
            if (!type.CanNotifyUser())
                return ($"{field}.notifyUser", $"{type.DisplayName()} is not about a user: only User Login and User Created can notify the user directly.");
            if (!ChannelsFor(type).Any(id => kindOf(id) == ChannelKind.Email))
                return ($"{field}.notifyUser", "Notifying the user directly needs an Email channel among this event's channels: it sends through that channel's mail server.");
        }

        return null;
    }
}
