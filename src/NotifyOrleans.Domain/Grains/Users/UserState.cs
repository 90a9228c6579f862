namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>The persisted state of a <see cref="UserGrain"/>; one row per user.</summary>
public sealed class UserState
{
    public string TimeZoneId { get; set; } = NotificationPreferences.Default.TimeZoneId;
    public bool EmailOnOwnLogin { get; set; }
    public int LoginCount { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
    public DateTimeOffset? PreferencesUpdatedAt { get; set; }
}
