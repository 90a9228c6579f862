namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>How and when a user wants to be told things directly.</summary>
/// <param name="TimeZoneId">IANA time zone used to show times and to keep quiet hours.</param>
/// <param name="EmailOnOwnLogin">Send the user an email when someone logs in to their account.</param>
/// <param name="Quiet">When the user's direct emails wait for a digest; null: never.</param>
/// <param name="Summary">When the user gets a summary of their subscribed jobs; null: never.</param>
[GenerateSerializer, Immutable, Alias("NotificationPreferences")]
public sealed record NotificationPreferences(string TimeZoneId, bool EmailOnOwnLogin, QuietHours? Quiet = null, SummarySchedule? Summary = null)
{
    public static NotificationPreferences Default { get; } = new("UTC", EmailOnOwnLogin: true);
}
