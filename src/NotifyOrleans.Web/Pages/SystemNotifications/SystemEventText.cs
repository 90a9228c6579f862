using NotifyOrleans.Domain.SystemEvents;

namespace NotifyOrleans.Web.Pages.SystemNotifications;

/// <summary>How the pages word the settings.</summary>
public static class SystemEventText
{
    public static string Mode(NotifyUserMode mode) => mode switch
    {
        NotifyUserMode.AdminAndUser => "Admin & User",
        NotifyUserMode.UserOnly => "User only",
        _ => "Disabled",
    };

    /// <summary>
    /// A line of "who was not told": "Not sent: " and the route's reason, a throttle's as "Not sent,
    /// throttled: …" (it read "Not sent: Throttled: …"). The stored reason keeps its "Throttled: " (the banner looks for it).
    /// </summary>
    public static string NotTold(string why) => why.StartsWith(Throttled, StringComparison.Ordinal)
        ? "Not sent, throttled: " + why[Throttled.Length..]
        : "Not sent: " + why;

    private const string Throttled = "Throttled: ";

    public static string ModeHelp(NotifyUserMode mode) => mode switch
    {
        NotifyUserMode.AdminAndUser => "the event's channels, and an email to the user",
        NotifyUserMode.UserOnly => "only an email to the user",
        _ => "the event's channels only (admins)",
    };
}
