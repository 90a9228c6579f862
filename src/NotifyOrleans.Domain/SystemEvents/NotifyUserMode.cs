namespace NotifyOrleans.Domain.SystemEvents;

/// <summary>Whether the user an event is about (User Login, User Created) is emailed directly.</summary>
public enum NotifyUserMode
{
    /// <summary>Only the event's channels, as configured (the admins).</summary>
    Disabled,
    /// <summary>The event's channels and a direct email to the user.</summary>
    AdminAndUser,
    /// <summary>Only the direct email to the user.</summary>
    UserOnly,
}
