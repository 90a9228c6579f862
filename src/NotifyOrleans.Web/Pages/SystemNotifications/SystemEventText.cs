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

    public static string ModeHelp(NotifyUserMode mode) => mode switch
    {
        NotifyUserMode.AdminAndUser => "the event's channels, and an email to the user",
        NotifyUserMode.UserOnly => "only an email to the user",
        _ => "the event's channels only (admins)",
    };
}
