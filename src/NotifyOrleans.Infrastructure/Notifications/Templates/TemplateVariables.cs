using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Notifications.Templates;

/// <summary>
/// Every variable a template can use, with what it holds, as the editor lists them. The names are
/// those of <see cref="NotificationContext.ToVariables"/>; a unit test keeps the two in step.
/// </summary>
public static class TemplateVariables
{
    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        ("serverName", "The server (machine) the backup ran on: nas-01"),
        ("backupName", "The backup job's name: Documents"),
        ("status", "Success, Warning or Failure; Overdue in an Overdue notice"),
        ("timestamp", "When it happened: 2026-11-22 09:00 UTC"),
        ("duration", "How long the run took: 1h 02m"),
        ("size", "The backup's size: 12.5 GB"),
        ("fileCount", "Files examined: 12,345"),
        ("warningCount", "Warnings the run reported"),
        ("warnings", "The same in words: 1 warning, 4 warnings; empty when the report gave no count"),
        ("errorCount", "Errors the run reported"),
        ("errorDetails", "The error text the backup tool reported"),
        ("lastRun", "The job's last run, as timestamp"),
        ("expectedAt", "When a run was expected (Overdue)"),
        ("jobUrl", "The job's page in the console (needs Links:PublicUrl)"),
        ("acknowledgeUrl", "The signed link that acknowledges the open incident"),
        ("downSince", "When the incident began"),
        ("downFor", "How long the job was down (Recovered, repeats, escalation): 3h 05m; in an incident's own notices empty under a minute"),
        ("runningSince", "A run that started then and has not finished (Overdue)"),
        ("acknowledged", "Who acknowledged the open incident, and when: a failure or recovery of an incident someone has seen to"),
        ("repeat", "True for a repeat of a notice already sent for the open incident"),
        ("notes", "The job's notes, what to know or do first (failures, warnings, overdue, escalations)"),
        ("userEmail", "The account a user event is about"),
        ("userName", "That account's display name (its address when it has none)"),
        ("ipAddress", "Where a login came from"),
        ("userAgent", "The browser of a login"),
        ("channelName", "The channel being tested"),
        ("actorEmail", "Who caused a user event about someone else"),
        ("consoleUrl", "The console's address (Links:PublicUrl)"),
        ("message", "Free text: summaries, system errors, restores, configuration backups, a new user with the role"),
        ("period", "The time a summary covers: 2026-12-03 08:00 to 2026-12-04 08:00 (Europe/Berlin)"),
        ("reportedLate", "True when a failure or warning arrives after a newer run of the same job"),
    ];

    public static readonly IReadOnlySet<string> Names = All.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

    private static readonly IReadOnlySet<string> JobRun = Set("serverName", "backupName", "status", "timestamp", "duration", "size", "fileCount", "warningCount", "warnings",
        "errorCount", "errorDetails", "lastRun", "expectedAt", "jobUrl", "acknowledgeUrl", "downSince", "downFor", "runningSince", "acknowledged", "repeat", "notes", "reportedLate");

    private static readonly IReadOnlySet<string> UserEvent = Set("timestamp", "userEmail", "userName", "ipAddress", "userAgent", "actorEmail", "consoleUrl", "message");

    /// <summary>
    /// The variables an event's notices have values for (as <see cref="NotificationContext"/> is filled
    /// for it): a login has no server or size, a backup no login's address. Any other would be written
    /// as nothing, so <see cref="TemplateCheck"/> refuses it, and the editor lists only these.
    /// </summary>
    public static IReadOnlySet<string> Of(string eventType) => eventType switch
    {
        EventTypes.BackupSuccess or EventTypes.BackupWarning or EventTypes.BackupFailure or EventTypes.BackupOverdue or EventTypes.BackupRecovered or EventTypes.BackupEscalated => JobRun,
        EventTypes.Summary => Set("timestamp", "period", "message", "consoleUrl"),
        EventTypes.UserLogin or EventTypes.UserLoginNotice or EventTypes.UserCreated => UserEvent,
        // The new user is not told the address and browser of the admin who made the account.
        EventTypes.UserWelcome => Set([.. UserEvent.Except(["ipAddress", "userAgent"])]),
        EventTypes.RestoreCompleted or EventTypes.RestoreFailed => Set("timestamp", "serverName", "backupName", "errorDetails", "jobUrl", "message"),
        EventTypes.ConfigurationBackup => Set("timestamp", "message"),
        EventTypes.SystemError => Set("timestamp", "message", "consoleUrl"),
        EventTypes.ChannelTest => Set("timestamp", "channelName"),
        _ => Names,
    };

    private static HashSet<string> Set(params string[] names) => names.ToHashSet(StringComparer.Ordinal);

    /// <summary>The block helpers templates may use: {{#if x}} … {{else}} … {{/if}}, {{#unless x}}.</summary>
    public static readonly IReadOnlySet<string> Helpers = new HashSet<string>(StringComparer.Ordinal) { "if", "unless" };
}
