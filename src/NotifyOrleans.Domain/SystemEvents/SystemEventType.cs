namespace NotifyOrleans.Domain.SystemEvents;

/// <summary>Events that happen to the system rather than to a backup job (DESIGN.md, "System notifications").</summary>
public enum SystemEventType
{
    UserLogin,
    UserCreated,
    RestoreCompleted,
    RestoreFailed,
    ConfigurationBackup,
    SystemError,
}
