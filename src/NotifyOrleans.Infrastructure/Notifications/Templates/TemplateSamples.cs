using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Jobs;

namespace NotifyOrleans.Infrastructure.Notifications.Templates;

/// <summary>Made-up data for each event type, for the editor's preview and its Test.</summary>
public static class TemplateSamples
{
    /// <summary>Where the sample links point when <c>Links:PublicUrl</c> is not set (real notices then carry none).</summary>
    public const string ExampleConsole = "https://backups.example.com/";

    /// <param name="console">The console's address, as <see cref="IncidentLinks.Console"/> gives it: the sample links are shaped like real ones.</param>
    public static NotificationContext For(string eventType, DateTimeOffset now, string console = ExampleConsole)
    {
        var root = console.TrimEnd('/');
        var failed = eventType is EventTypes.BackupFailure or EventTypes.BackupOverdue or EventTypes.BackupEscalated or EventTypes.RestoreFailed or EventTypes.SystemError;
        var warned = eventType == EventTypes.BackupWarning;
        var incident = eventType is EventTypes.BackupFailure or EventTypes.BackupOverdue or EventTypes.BackupEscalated or EventTypes.BackupRecovered;
        var aboutAJob = eventType.StartsWith("backup.", StringComparison.Ordinal);
        var aboutAUser = eventType is EventTypes.UserLogin or EventTypes.UserLoginNotice or EventTypes.UserCreated or EventTypes.UserWelcome;
        var aLogin = eventType is EventTypes.UserLogin or EventTypes.UserLoginNotice;
        return new NotificationContext
        {
            ServerName = aboutAJob || eventType.StartsWith("system.restore", StringComparison.Ordinal) ? "nas-01" : null,
            BackupName = aboutAJob || eventType.StartsWith("system.restore", StringComparison.Ordinal) ? "Documents" : null,
            Status = !aboutAJob ? null : eventType == EventTypes.BackupOverdue ? "Overdue" : failed ? "Failure" : warned ? "Warning" : "Success", // as real notices name them
            Timestamp = now,
            Zone = LocalTimes.Zone(TimeZones.Server), // as a job without a schedule's zone, and a channel's Test, write times
            PeriodStart = eventType == EventTypes.Summary ? now.AddDays(-1) : null,
            Duration = aboutAJob ? TimeSpan.FromMinutes(62) : null,
            SizeBytes = aboutAJob ? 13_421_772_800 : null,
            FileCount = aboutAJob ? 12_345 : null,
            WarningCount = warned ? 2 : 0,
            ErrorCount = failed ? 1 : 0,
            ErrorDetails = eventType switch
            {
                EventTypes.RestoreCompleted => "1,234 files restored.\nRestored to /srv/restore for the yearly test.",
                EventTypes.RestoreFailed => "The backup volume is not readable.",
                _ => failed && aboutAJob ? "The remote server returned an error: (507) Insufficient Storage." : null,
            },
            // As real notices have it: a run's own notice is about the last run; Overdue and escalation come later.
            LastRun = !aboutAJob ? null : eventType is EventTypes.BackupOverdue or EventTypes.BackupEscalated ? now.AddDays(-1) : now,
            Notes = failed && aboutAJob || warned ? "The NAS sleeps on Sundays: wake it with wakeonlan 00:11:32:aa:bb:cc. Otherwise call Sam." : null,
            ExpectedAt = eventType == EventTypes.BackupOverdue ? now.AddHours(-1) : null,
            DownSince = incident ? now.AddHours(-3).AddMinutes(-5) : null,
            JobUrl = aboutAJob ? root + IncidentLinks.JobPath("nas-01/documents") : null,
            AcknowledgeUrl = incident && eventType != EventTypes.BackupRecovered ? root + IncidentLinks.AcknowledgePath + IncidentLinks.SampleToken : null,
            UserEmail = aboutAUser ? "ada@example.com" : null,
            UserName = aboutAUser ? "Ada Lovelace" : null,
            IpAddress = aLogin ? "192.0.2.10" : null,
            UserAgent = aLogin ? "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" : null,
            ActorEmail = eventType is EventTypes.UserCreated or EventTypes.UserWelcome ? "admin@example.com" : null,
            ConsoleUrl = aboutAUser ? root + "/" : null,
            ChannelName = eventType == EventTypes.ChannelTest ? "Ops mail" : null,
            Message = eventType switch
            {
                EventTypes.Summary => "12 jobs ran: 11 succeeded, 1 failed; none overdue.",
                EventTypes.RestoreCompleted => "Restore of Documents on nas-01 completed: 1,234 files to /srv/restore.",
                EventTypes.RestoreFailed => "Restore of Documents on nas-01 failed: the backup volume is not readable.",
                EventTypes.ConfigurationBackup => "Configuration backup written: config-2026-11-30.json (4 channels, 12 jobs).",
                EventTypes.SystemError => "The channel Ops mail failed: 535 Authentication failed.",
                EventTypes.UserCreated => "ada@example.com was created as Member by admin@example.com", // as the event says it
                _ => null,
            },
        };
    }
}
