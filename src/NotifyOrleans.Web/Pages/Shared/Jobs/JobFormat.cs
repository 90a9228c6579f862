using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.Pages.Shared.Times;

namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>How job values read on pages.</summary>
public static class JobFormat
{
    public static string Badge(RunStatus status) => status switch
    {
        RunStatus.Success => "text-bg-success",
        RunStatus.Warning => "text-bg-warning",
        RunStatus.Failure => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public static string Label(RunStatus status) => status switch
    {
        RunStatus.Failure => "Failed",
        RunStatus.Unknown => NoReportYet, // "Unknown" read as if the hub had lost track of the job
        _ => status.ToString(),
    };

    public const string NoReportYet = "No report yet";

    /// <summary>
    /// The job's result badge. Beside Overdue it is muted and says it is the last run's: a green
    /// "Success" next to a red "Overdue" read as two verdicts on the job. A first run under way
    /// (a ping's <c>/start</c>) says so.
    /// </summary>
    public static (string Class, string Text) Result(BackupJobSnapshot job) => job switch
    {
        { IsOverdue: true } => ("bg-body-tertiary text-body border", job.LastRunAt is null ? NoReportYet : $"Last run: {Label(job.Status).ToLowerInvariant()}"),
        { LastRunAt: null, RunningSince: not null } => ("text-bg-info", "Running"),
        _ => (Badge(job.Status), Label(job.Status)),
    };

    public static string Size(long? bytes) => bytes is { } b ? Format.Bytes(b) : "—";

    public static string Duration(TimeSpan? duration) => duration is { } d ? Domain.Schedules.Durations.Elapsed(d) : "—";

    public static string Link(string key) => Infrastructure.Jobs.IncidentLinks.JobPath(key);

    /// <summary>
    /// The id of a job's link in a list: the same in every refresh, so htmx puts the keyboard's
    /// focus back on it after the list replaced itself. (An id holds no whitespace; a name with
    /// spaces and one with underscores in their place share one, and only the focus could go astray.)
    /// </summary>
    public static string ElementId(string key) => "job-" + string.Join('_', key.Split(default(char[]), StringSplitOptions.None));

    /// <summary>
    /// Where a job stands against its schedule (and its maximum run time): none, on-time, late
    /// (past the expected time, within the grace), overdue, or paused.
    /// </summary>
    public static string Monitoring(BackupJobSnapshot job, DateTimeOffset now) =>
        job.IsPaused ? "paused"
        : job.IsOverdue || job.OverdueAt <= now ? "overdue"
        : job.Settings.Schedule is not { Kind: not Domain.Schedules.ScheduleKind.None } ? (job.OverdueAt is null ? "none" : "on-time")
        : job.NextExpectedAt < now ? "late"
        : "on-time";

    /// <summary>The Next expected card (its label names the zone): the schedule's next slot, or why there is none.</summary>
    public static string NextExpected(BackupJobSnapshot job, ViewerTime times) =>
        job.IsPaused ? $"— (monitoring paused {PauseEnd(job, times)})"
        : job.Settings.Schedule is not { Kind: not Domain.Schedules.ScheduleKind.None } ? "— (no schedule)"
        : job.NextExpectedAt is { } next ? times.Local(next, "yyyy-MM-dd HH:mm") + (next <= job.OverdueSince ? " (missed)" : "")
        : "—";

    /// <summary>
    /// The job page's Overdue badge: a run that started and has not finished says so (the next
    /// expected time beside it is still ahead).
    /// </summary>
    public static string OverdueLabel(BackupJobSnapshot job) => job.IsOverdueWithUnfinishedRun ? "Overdue: a run has not finished" : "Overdue";

    /// <summary>When a pause ends, in words: "until 2026-12-24 08:00 UTC", or "until the job reports again".</summary>
    public static string PauseEnd(BackupJobSnapshot job, ViewerTime times) => PauseEnd(job.PausedUntil, times);

    public static string PauseEnd(DateTimeOffset? until, ViewerTime times) => until is { } end ? $"until {times.When(end)}" : "until the job reports again";

    public static string TimelineBadge(string kind) => kind switch
    {
        "recovered" => "text-bg-success",
        "acknowledged" => "text-bg-info",
        "escalated" or "failing" => "text-bg-danger",
        "overdue" or "unreachable" => "text-bg-warning",
        "paused" or "resumed" or "closed" => "bg-body-tertiary text-body border",
        _ => "text-bg-secondary",
    };

    /// <summary>What the open incident is about, in words.</summary>
    public static string IncidentText(BackupJobSnapshot job, ViewerTime times)
    {
        return string.Join("; ", new[]
        {
            job.IsOverdue ? $"overdue{Since(job.OverdueSince)}" : null,
            job.FailingSince is { } failing ? $"failing{Since(failing)}, {FailureStreak.Describe(job.ConsecutiveFailures, job.Status, failing, job.LastSuccessAt)}" : null,
        }.Where(part => part is not null));

        // Both places that say this name the incident's start before it: a part that began then says no time again
        // ("Incident since 05:51: failing since 05:51" read as a stutter).
        string Since(DateTimeOffset? since) => since == job.IncidentSince ? "" : $" since {times.When(since)}";
    }

    /// <summary>An escalation step in words, naming its channels and people.</summary>
    public static string Describe(EscalationStep step, IReadOnlyList<(Guid Id, string Name)> channels, PeopleDirectory people) =>
        (step.After is { } after ? $"After {Domain.Schedules.Durations.Format(after)}" : $"After {Counts.Of(step.AfterFailures ?? 0, "failure")} in a row")
        + ": " + string.Join(", ", step.Channels.Select(id => channels.FirstOrDefault(c => c.Id == id).Name ?? "(deleted channel)")
            .Concat(people.EmailsOf(step.People).Select(address => $"{address} (email)")))
        + $", {EscalationStep.PriorityName(step.Priority)} priority";

    /// <summary>The same in words, for the job page.</summary>
    public static string MonitoringText(BackupJobSnapshot job, DateTimeOffset now, ViewerTime times) => Monitoring(job, now) switch
    {
        "overdue" when job.IsOverdueWithUnfinishedRun => $"Overdue: a run started {times.When(job.RunningSince)} and has not finished",
        "overdue" => $"Overdue since {times.When(job.OverdueSince ?? job.OverdueAt)}",
        "on-time" when job.RunningSince is not null && !(job.NextExpectedAt <= job.OverdueAt) => $"Running since {times.When(job.RunningSince)}, overdue if it has not finished by {times.When(job.OverdueAt)}",
        "paused" => $"Paused by {job.PausedBy} since {times.When(job.PausedAt)}, {PauseEnd(job, times)}: no Overdue notices, repeats or escalation meanwhile. Runs are still recorded and notified.",
        "late" => $"Late: expected {times.When(job.NextExpectedAt)}, overdue at {times.When(job.OverdueAt)}",
        "on-time" => $"On time: next run expected {times.When(job.NextExpectedAt)}, overdue at {times.When(job.OverdueAt)}",
        _ when job.Settings.MaxDuration is { } limit => $"No schedule: only a run that started (/ping/…/start) and has not finished within {Domain.Schedules.Durations.Words(limit)} makes the job overdue",
        _ => "Not monitored: no schedule",
    };

    /// <summary>The schedule in words, for the job page's heading; "never overdue" only when nothing can make it so.</summary>
    public static string ScheduleHeading(BackupJobSnapshot job) => job.Settings.Schedule is not { Kind: not Domain.Schedules.ScheduleKind.None } && job.Settings.MaxDuration is not null
        ? "No schedule"
        : Domain.Schedules.ScheduleMath.Describe(job.Settings.Schedule ?? Domain.Schedules.JobSchedule.None);
}
