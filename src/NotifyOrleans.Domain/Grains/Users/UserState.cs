namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>The persisted state of a <see cref="UserGrain"/>; one row per user.</summary>
public sealed class UserState
{
    public string TimeZoneId { get; set; } = NotificationPreferences.Default.TimeZoneId;
    /// <summary>On until the user turns it off: the admin decides whether login emails go out at all ("notify user directly").</summary>
    public bool EmailOnOwnLogin { get; set; } = true;
    public QuietHours? QuietHours { get; set; }
    public SummarySchedule? Summary { get; set; }
    /// <summary>The end of the last scheduled summary's period: a summary is sent once, whichever node's reminder ticks.</summary>
    public DateTimeOffset? LastSummaryFor { get; set; }
    /// <summary>The jobs the user is emailed about directly, and for which outcomes.</summary>
    public List<Subscription> Subscriptions { get; set; } = [];
    public int LoginCount { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
    public DateTimeOffset? PreferencesUpdatedAt { get; set; }
}
