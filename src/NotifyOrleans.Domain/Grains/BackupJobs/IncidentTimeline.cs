namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>One line of a job's timeline: what happened to an incident, when.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Text)
{
    public const int TextMaxLength = 1000;

    /// <summary>A line the job's script sent (<c>/ping/KEY/log</c>), not one the incident's changes made.</summary>
    public const string LogKind = "log";

    /// <summary>A run dated ahead of its arrival, kept as ending when it arrived (<see cref="RunReport.EndingBy"/>).</summary>
    public const string ClockKind = "clock";

    /// <summary>Someone took the job's last figures as its size (<see cref="SizeDrops.Accept"/>).</summary>
    public const string SizeKind = "size";

    /// <summary>How far ahead a sender's clock may run before the timeline says so: a few seconds' drift is no news.</summary>
    public static readonly TimeSpan ClockAheadWorthSaying = TimeSpan.FromMinutes(1);

    /// <summary>The line that says so, to the minute: the report's trip took some of the difference.</summary>
    public static TimelineEntry ClockAhead(DateTimeOffset at, string serverName, TimeSpan ahead) =>
        new(at, ClockKind, $"The clock of {serverName} is about {Schedules.Durations.Words(TimeSpan.FromMinutes(Math.Round(ahead.TotalMinutes)))} ahead of this server's: its run is kept as ending when it arrived.");
}

/// <summary>
/// The job's timeline, told from what a turn changed: the incident's fields before and after it.
/// Derived from the state, not from the notices, so an incident nobody is told of is still on it.
/// </summary>
public static class IncidentTimeline
{
    /// <summary>The incident's fields as they were before a turn.</summary>
    public sealed record Mark(DateTimeOffset? OverdueSince, DateTimeOffset? OverdueNotifiedAt, DateTimeOffset? FailingSince,
        DateTimeOffset? FailureNotifiedAt, int EscalationsFired, DateTimeOffset? AcknowledgedAt, DateTimeOffset? IncidentSince,
        DateTimeOffset? PausedAt, DateTimeOffset? PausedUntil)
    {
        public static Mark Of(BackupJobState s) => new(s.OverdueSince, s.OverdueNotifiedAt, s.FailingSince, s.FailureNotifiedAt,
            s.EscalationsFired, s.AcknowledgedAt, s.IncidentSince, s.PausedAt, s.PausedUntil);
    }

    /// <param name="byRun">The turn recorded a run: a new Failure notice then is the run's own, not a repeat, and an incident it ends has recovered.</param>
    /// <param name="by">Who changed the job by hand (resumed its monitoring), when someone did.</param>
    public static IReadOnlyList<TimelineEntry> Changes(Mark before, BackupJobState after, IReadOnlyList<EscalationStep> policy, DateTimeOffset now, bool byRun = false,
        string? by = null)
    {
        var entries = new List<TimelineEntry>();
        void Add(string kind, string text) => entries.Add(new TimelineEntry(now, kind, text)); // fitted to its column where it is written (JobSideEffects)

        // First: a pause or its end comes before what it causes in the same turn (an incident closed, a run's failure).
        var end = after.PausedUntil is { } until ? $"until {PauseEnd(until, now)}" : "until the job reports again";
        if (before.PausedAt is null && after.PausedAt is not null) Add("paused", $"Monitoring paused by {after.PausedBy} {end}.");
        else if (before.PausedAt is not null && after.PausedAt is not null && before.PausedUntil != after.PausedUntil) Add("paused", $"Pause changed by {after.PausedBy}: now {end}.");
        else if (before.PausedAt is not null && after.PausedAt is null)
            Add("resumed", by is not null ? $"Monitoring resumed by {by}." : before.PausedUntil <= now ? "Monitoring resumed: the pause ended." : "Monitoring resumed: the job reported again.");

        if (before.OverdueSince is null && after.OverdueSince is { } overdue)
            Add("overdue", OverdueTransitions.IsUnfinishedRun(after.RunStartedAt, after.ExpectedAt, overdue)
                ? $"Overdue: a run started at {Time(after.RunStartedAt!.Value)} has not finished."
                : $"Overdue: no run by {Time(overdue)}{(after.ExpectedAt is { } expected ? $" (expected {Time(expected)})" : "")}.");
        else if (before.OverdueSince is not null && after.OverdueSince == before.OverdueSince && after.OverdueNotifiedAt != before.OverdueNotifiedAt)
            Add("repeat", "Overdue notice repeated.");

        if (before.FailingSince is null && after.FailingSince is not null)
            Add("failing", $"Failing: {FailureStreak.Describe(after.ConsecutiveFailures, after.Status, after.FailingSince, after.LastSuccessAt)}.");
        else if (!byRun && before.FailingSince is not null && after.FailingSince == before.FailingSince && after.FailureNotifiedAt != before.FailureNotifiedAt)
            Add("repeat", "Failure notice repeated.");

        for (var i = 0; i < policy.Count && i < EscalationStep.MaxSteps; i++)
            if ((after.EscalationsFired & (1 << i)) != 0 && (before.EscalationsFired & (1 << i)) == 0)
                Add("escalated", $"Escalated (step {i + 1}): {policy[i].Describe()}.");

        if (before.AcknowledgedAt is null && after.AcknowledgedAt is not null)
            Add("acknowledged", $"Acknowledged by {after.AcknowledgedBy}{(after.AcknowledgeComment is { } said ? $": “{said}”" : ".")}");

        // Only a run ends an incident as a recovery; otherwise its cause went away (the schedule was removed, a pause).
        if (before.IncidentSince is { } since && after.IncidentSince is null)
        {
            if (byRun && after.LastRunAt is { } run)
                Add("recovered", run >= since ? $"Recovered after {Schedules.Durations.Elapsed(run - since)} down." : $"Recovered: a run that ended at {Time(run)}, before the deadline, was reported late.");
            else Add("closed", after.PausedAt is not null ? "Incident closed: monitoring is paused." : "Incident closed: nothing is expected of the job any more.");
        }

        return entries;
    }

    private static string Time(DateTimeOffset at) => LocalTimes.Format(at, TimeZoneInfo.Utc);

    /// <summary>A pause's end; to the second when it is less than an hour away (a minute's rounding would make it look over).</summary>
    private static string PauseEnd(DateTimeOffset at, DateTimeOffset now) => at - now < TimeSpan.FromHours(1) ? LocalTimes.Format(at, TimeZoneInfo.Utc, "yyyy-MM-dd HH:mm:ss") : Time(at);
}
