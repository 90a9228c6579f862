namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>The persisted state of a <see cref="UserGrain"/>; one row per user.</summary>
public sealed class UserState
{
    public string TimeZoneId { get; set; } = NotificationPreferences.Default.TimeZoneId;
    /// <summary>On until the user turns it off: the admin decides whether login emails go out at all ("notify user directly").</summary>
    public bool EmailOnOwnLogin { get; set; } = true;
    public int LoginCount { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
    public DateTimeOffset? PreferencesUpdatedAt { get; set; }
}
