using NotifyOrleans.Domain.Grains.BackupJobs;
using System.Globalization;
using NotifyOrleans.Domain;

namespace NotifyOrleans.Infrastructure.Notifications;

/// <summary>
/// The variables a template can use. Names are what templates write, e.g. <c>{{serverName}}</c>;
/// docs/templates.md lists them. Unset values are simply absent from the message.
/// </summary>
public sealed record NotificationContext
{
    public string? ServerName { get; init; }
    public string? BackupName { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    public TimeSpan? Duration { get; init; }
    public long? SizeBytes { get; init; }
    public long? FileCount { get; init; }
    public int? WarningCount { get; init; }
    public int? ErrorCount { get; init; }
    public string? ErrorDetails { get; init; }
    public DateTimeOffset? LastRun { get; init; }
    public DateTimeOffset? ExpectedAt { get; init; }
    public string? JobUrl { get; init; }

    /// <summary>A signed link that acknowledges the open incident.</summary>
    public string? AcknowledgeUrl { get; init; }

    /// <summary>Since when the job has been down (overdue or failing): incident notices and recoveries.</summary>
    public DateTimeOffset? DownSince { get; init; }

    /// <summary>A run that started then and has not finished (the job's maximum duration passed).</summary>
    public DateTimeOffset? RunningSince { get; init; }

    /// <summary>Who acknowledged the open incident this run belongs to, and when.</summary>
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>The job's notes (what to know or do first), on the notices of a problem.</summary>
    public string? Notes { get; init; }

    /// <summary>A repeat of a notice already sent for this incident.</summary>
    public bool Repeat { get; init; }
    public string? UserEmail { get; init; }
    public string? UserName { get; init; }
    public string? IpAddress { get; init; }
    public string? UserAgent { get; init; }
    public string? ChannelName { get; init; }

    /// <summary>Who caused a system event about someone else (the admin who created a user).</summary>
    public string? ActorEmail { get; init; }

    /// <summary>The console's address (Links:PublicUrl): where to log in.</summary>
    public string? ConsoleUrl { get; init; }
    public string? Message { get; init; }

    /// <summary>A summary's period starts here and ends at <see cref="Timestamp"/>.</summary>
    public DateTimeOffset? PeriodStart { get; init; }

    /// <summary>The run is older than the job's latest: its report arrived late.</summary>
    public bool ReportedLate { get; init; }

    /// <summary>The reader's time zone, for a message to one person (their summary): times are written in it. Null: UTC.</summary>
    public TimeZoneInfo? Zone { get; init; }

    /// <summary>The values templates see, formatted for people (sizes in MB, durations as 1h 02m).</summary>
    public IReadOnlyDictionary<string, object?> ToVariables() => new Dictionary<string, object?>
    {
        ["serverName"] = ServerName,
        ["backupName"] = BackupName,
        ["status"] = Status,
        ["timestamp"] = When(Timestamp),
        ["duration"] = Duration is { } d ? Domain.Schedules.Durations.Elapsed(d) : null,
        ["size"] = SizeBytes is { } s ? Format.Bytes(s) : null,
        ["fileCount"] = FileCount is { } files ? Format.Count(files) : null,
        ["warningCount"] = WarningCount,
        // A warning run reported without a count (the runs API, some Duplicati reports) has none to say: not "0 warnings".
        ["warnings"] = WarningCount is > 0 and var warnings ? Counts.Of(warnings, "warning") : null,
        ["errorCount"] = ErrorCount,
        ["errorDetails"] = ErrorDetails,
        ["lastRun"] = When(LastRun),
        ["expectedAt"] = When(ExpectedAt),
        ["jobUrl"] = JobUrl,
        ["acknowledgeUrl"] = AcknowledgeUrl,
        ["downSince"] = When(DownSince),
        // A recovery says how long it lasted, however short; an incident's own notices once it is a minute
        // old (the first Overdue notice, or a step after the first failure, goes out at once: "Down for: 2ms").
        ["downFor"] = DownSince is { } since && Timestamp > since && (Status == nameof(RunStatus.Success) || Timestamp - since >= TimeSpan.FromMinutes(1))
            ? Domain.Schedules.Durations.Elapsed(Timestamp - since) : null,
        ["runningSince"] = When(RunningSince),
        ["acknowledged"] = AcknowledgedAt is { } acknowledgedAt ? $"by {AcknowledgedBy}, {When(acknowledgedAt)}" : null,
        ["notes"] = Notes,
        ["repeat"] = Repeat,
        ["userEmail"] = UserEmail,
        ["userName"] = UserName,
        ["ipAddress"] = IpAddress,
        ["userAgent"] = UserAgent,
        ["channelName"] = ChannelName,
        ["actorEmail"] = ActorEmail,
        ["consoleUrl"] = ConsoleUrl,
        ["message"] = Message,
        // "2026-12-03 08:00 to 2026-12-04 08:00 (Europe/Berlin)": the zone once, at the end, as every time is written.
        ["period"] = PeriodStart is { } start
            ? $"{TimeZoneInfo.ConvertTime(start, Zone ?? TimeZoneInfo.Utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} to {When(Timestamp)}"
            : null,
        ["reportedLate"] = ReportedLate,
    };

    private string? When(DateTimeOffset? at) => at is { } time ? LocalTimes.Format(time, Zone ?? TimeZoneInfo.Utc) : null;
}
