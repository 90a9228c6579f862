namespace NotifyOrleans.Domain.SystemEvents;

/// <summary>What each system event is called, what it is on by default, and whether it concerns a user.</summary>
public static class SystemEventCatalog
{
    public static IReadOnlyList<SystemEventType> All { get; } = Enum.GetValues<SystemEventType>();

    /// <summary>Logins and new users are off (they would be noise), restores and errors on, as in DBackup.</summary>
    public static bool OnByDefault(this SystemEventType type) => type is SystemEventType.RestoreCompleted
        or SystemEventType.RestoreFailed or SystemEventType.SystemError;

    /// <summary>Only the two user events can email the user they are about.</summary>
    public static bool CanNotifyUser(this SystemEventType type) => type is SystemEventType.UserLogin or SystemEventType.UserCreated;

    public static string DisplayName(this SystemEventType type) => type switch
    {
        SystemEventType.UserLogin => "User Login",
        SystemEventType.UserCreated => "User Created",
        SystemEventType.RestoreCompleted => "Restore Completed",
        SystemEventType.RestoreFailed => "Restore Failed",
        SystemEventType.ConfigurationBackup => "Configuration Backup",
        _ => "System Error",
    };

    public static string Description(this SystemEventType type) => type switch
    {
        SystemEventType.UserLogin => "Someone signed in to the console (throttled per user).",
        SystemEventType.UserCreated => "An account was created; with Notify user directly, the new user gets a welcome email.",
        SystemEventType.RestoreCompleted => "A backup tool reported a restore that finished.",
        SystemEventType.RestoreFailed => "A backup tool reported a restore that failed.",
        SystemEventType.ConfigurationBackup => "The configuration was exported to a backup file.",
        _ => "A channel failed, a notification was given up, a background task crashed, or the database was unreachable.",
    };

    /// <summary>The value used in URLs and JSON: <c>user-login</c>, <c>restore-failed</c>, …</summary>
    public static string Slug(this SystemEventType type) => type switch
    {
        SystemEventType.UserLogin => "user-login",
        SystemEventType.UserCreated => "user-created",
        SystemEventType.RestoreCompleted => "restore-completed",
        SystemEventType.RestoreFailed => "restore-failed",
        SystemEventType.ConfigurationBackup => "configuration-backup",
        _ => "system-error",
    };

    public static bool TryParseSlug(string? slug, out SystemEventType type)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Slug(), slug, StringComparison.OrdinalIgnoreCase) || string.Equals(candidate.ToString(), slug, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
