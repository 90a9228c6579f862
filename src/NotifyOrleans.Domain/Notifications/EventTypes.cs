namespace NotifyOrleans.Domain.Notifications;

/// <summary>Every event type a template exists for. The string is stored in outbox rows and template overrides.</summary>
public static class EventTypes
{
    public const string BackupSuccess = "backup.success";
    public const string BackupWarning = "backup.warning";
    public const string BackupFailure = "backup.failure";
    public const string BackupOverdue = "backup.overdue";
    public const string BackupRecovered = "backup.recovered";
    public const string BackupEscalated = "backup.escalated";
    public const string Summary = "summary";
    /// <summary>What a person's quiet hours held back, sent as one email when they end.</summary>
    public const string Digest = "digest";
    public const string UserLogin = "system.user-login";
    public const string UserCreated = "system.user-created";
    /// <summary>User Created, as the new user reads it: the welcome email of "notify user directly".</summary>
    public const string UserWelcome = "system.user-welcome";
    /// <summary>User Login, as the person who logged in reads it: "notify user directly" for a login.</summary>
    public const string UserLoginNotice = "system.user-login-notice";
    public const string RestoreCompleted = "system.restore-completed";
    public const string RestoreFailed = "system.restore-failed";
    public const string ConfigurationBackup = "system.configuration-backup";
    public const string SystemError = "system.error";
    public const string ChannelTest = "channel.test";

    public static readonly IReadOnlyList<string> All =
    [
        BackupSuccess, BackupWarning, BackupFailure, BackupOverdue, BackupRecovered, BackupEscalated, Summary,
        UserLogin, UserLoginNotice, UserCreated, UserWelcome, RestoreCompleted, RestoreFailed, ConfigurationBackup, SystemError, ChannelTest,
    ];
}
