namespace NotifyOrleans.Domain.Notifications;

/// <summary>
/// What a message is about, which decides its colour everywhere (Discord embed, email status bar)
/// and its place in the delivery queue.
/// </summary>
public enum NotificationKind
{
    /// <summary>Green: backup complete, restore finished, user created.</summary>
    Success,
    /// <summary>Red: backup or restore failed, overdue, escalation.</summary>
    Failure,
    /// <summary>Orange: completed with warnings.</summary>
    Warning,
    /// <summary>Blue: informational, e.g. a user logged in.</summary>
    Info,
    /// <summary>Purple: system events such as configuration backups.</summary>
    System,
}

public static class NotificationKindExtensions
{
    /// <summary>RGB colour as Discord wants it (an integer) and email uses it (hex).</summary>
    public static int Color(this NotificationKind kind) => kind switch
    {
        NotificationKind.Success => 0x2EA043,
        NotificationKind.Failure => 0xCF222E,
        NotificationKind.Warning => 0xD4A72C,
        NotificationKind.Info => 0x1F6FEB,
        _ => 0x8250DF,
    };

    public static string HexColor(this NotificationKind kind) => $"#{kind.Color():X6}";

    /// <summary>Failures and escalations are sent first; successes and summaries last.</summary>
    public static int DeliveryPriority(this NotificationKind kind) => kind switch
    {
        NotificationKind.Failure => 0,
        NotificationKind.Warning => 1,
        NotificationKind.System => 2,
        _ => 3,
    };
}
