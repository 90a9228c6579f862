namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>How and when a user wants to be told things directly.</summary>
/// <param name="TimeZoneId">IANA time zone used to show times and, later, for quiet hours.</param>
/// <param name="EmailOnOwnLogin">Send the user an email when someone logs in to their account.</param>
[GenerateSerializer, Immutable, Alias("NotificationPreferences")]
public sealed record NotificationPreferences(string TimeZoneId, bool EmailOnOwnLogin)
{
    public static NotificationPreferences Default { get; } = new("UTC", EmailOnOwnLogin: true);
}
