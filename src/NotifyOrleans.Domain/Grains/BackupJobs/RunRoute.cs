using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// One channel or person that could have heard of a run, and what the rules decided: told (with
/// which notice) or not, and why. Kept with the run, as decided at the time: the job's rules may
/// change later, the explanation of an old run does not.
/// </summary>
/// <param name="ChannelId">The channel; null for a person (<paramref name="UserId"/>).</param>
/// <param name="Condition">The assignment's condition (always, failure …), or "escalation" for a step.</param>
/// <param name="DedupKey">The notice's outbox key, to find what became of it (sent, pending, failed).</param>
public sealed record RouteEntry(Guid? ChannelId, string? UserId, string Condition, bool Told, string Why, string? EventType = null, string? DedupKey = null);

/// <summary>Why each of a job's channels was or was not told of a run. Pure, like the transitions.</summary>
public static class RunRoute
{
    /// <param name="state">The job after the run was applied (its failures in a row count this run).</param>
    /// <param name="late">The run ended before the job's newest run (reported late).</param>
    /// <param name="keyOf">The outbox key each notice was enqueued under.</param>
    public static IReadOnlyList<RouteEntry> Explain(BackupJobState state, RunReport run, IReadOnlyList<JobNotification> notifications, bool late,
        Func<JobNotification, string>? keyOf = null)
    {
        var entries = new List<RouteEntry>();
        // One entry per channel, whatever the number of its conditions on the job.
        foreach (var assignments in state.Assignments.GroupBy(a => a.ChannelId))
        {
            var conditions = Names(assignments);
            var notice = notifications.FirstOrDefault(n => n.ChannelIds.Contains(assignments.Key));
            if (notice is not null)
            {
                entries.Add(new RouteEntry(assignments.Key, null, conditions, true, Told(notice), notice.EventType, keyOf?.Invoke(notice)));
                continue;
            }

            // The condition that came closest explains best: one that asked for this result (held back by a rule), else any switched on.
            var closest = assignments.FirstOrDefault(a => a.Matches(run.Status, state.WarningsAreFailures))
                ?? assignments.FirstOrDefault(a => a.Enabled && a.Condition != NotifyCondition.OnOverdue)
                ?? assignments.FirstOrDefault(a => a.Enabled)
                ?? assignments.First();
            entries.Add(new RouteEntry(assignments.Key, null, conditions, false, WhyNot(closest, state, run, late, notifications.Any(n => n.FollowUp))));
        }

        AddTheUnassigned(entries, notifications, keyOf);
        return entries;
    }

    /// <summary>
    /// Why each of a job's channels was or was not told at a wake-up that changed the incident:
    /// the deadline passed, a repeat, an escalation step. <paramref name="state"/> is the job after it.
    /// </summary>
    public static IReadOnlyList<RouteEntry> ExplainWakeUp(BackupJobState state, IReadOnlyList<JobNotification> notices, Func<JobNotification, string>? keyOf = null)
    {
        var entries = new List<RouteEntry>();
        foreach (var assignments in state.Assignments.GroupBy(a => a.ChannelId))
        {
            var conditions = Names(assignments);
            var notice = notices.FirstOrDefault(n => n.ChannelIds.Contains(assignments.Key));
            entries.Add(notice is not null
                ? new RouteEntry(assignments.Key, null, conditions, true, Told(notice), notice.EventType, keyOf?.Invoke(notice))
                : new RouteEntry(assignments.Key, null, conditions, false, WhyNotAtWakeUp(assignments.ToList(), state)));
        }

        AddTheUnassigned(entries, notices, keyOf);
        return entries;
    }

    private static string WhyNotAtWakeUp(IReadOnlyList<ChannelAssignment> assignments, BackupJobState state)
    {
        if (assignments.All(a => !a.Enabled)) return "Not told: this channel is switched off for the job.";
        var hearsOfMissedRuns = assignments.Any(a => a.Enabled && a.Condition is NotifyCondition.OnOverdue or NotifyCondition.Always);
        if (state.OverdueSince is not null && !hearsOfMissedRuns)
            return $"Not told: it asks for {Names(assignments.Where(a => a.Enabled))}, not for missed runs.";
        if (state.AcknowledgedAt is not null) return $"Not told: the incident was acknowledged by {state.AcknowledgedBy}.";
        return "Not told: it heard of this incident already, and no repeat was due.";
    }

    /// <summary>Told though not assigned for this: an escalation step, or the recovery of an incident it heard of.</summary>
    private static void AddTheUnassigned(List<RouteEntry> entries, IReadOnlyList<JobNotification> notices, Func<JobNotification, string>? keyOf)
    {
        foreach (var notice in notices)
        {
            var because = notice.EventType == EventTypes.BackupEscalated ? "escalation" : "incident";
            foreach (var channel in notice.ChannelIds.Where(id => !entries.Any(e => e.ChannelId == id && e.Told)))
                entries.Add(new RouteEntry(channel, null, because, true, Told(notice), notice.EventType, keyOf?.Invoke(notice)));
            foreach (var user in notice.Users ?? [])
                entries.Add(new RouteEntry(null, user, because, true, Told(notice) + ", by email", notice.EventType, keyOf?.Invoke(notice)));
        }
    }

    /// <summary>What a told entry says it was told: "Failure notice", "Escalation step 2, urgent priority" …</summary>
    public static string Told(JobNotification notice) => notice.EventType switch
    {
        EventTypes.BackupFailure when notice.ReportedLate => "Failure notice (reported late: a newer run came first)",
        EventTypes.BackupWarning when notice.ReportedLate => "Warning notice (reported late: a newer run came first)",
        EventTypes.BackupFailure when notice.Repeat => "Failure notice, repeated (the job is still failing)",
        EventTypes.BackupFailure => "Failure notice",
        EventTypes.BackupWarning => "Warning notice",
        EventTypes.BackupSuccess => "Success notice",
        EventTypes.BackupRecovered => "Recovered notice (this run ended an incident)",
        EventTypes.BackupOverdue when notice.Repeat => "Overdue notice, repeated",
        EventTypes.BackupOverdue => "Overdue notice",
        EventTypes.BackupEscalated => $"Escalation step {notice.Step + 1}, {EscalationStep.PriorityName(notice.Priority ?? 4)} priority",
        _ => notice.EventType,
    };

    /// <param name="followUp">The run is a later failure of an incident told already, on a job that tells only the first.</param>
    private static string WhyNot(ChannelAssignment assignment, BackupJobState state, RunReport run, bool late, bool followUp)
    {
        if (run.History) return "Not told: imported as history (?history=true).";
        if (!assignment.Enabled) return "Not told: this channel is switched off for the job.";
        if (assignment.Condition == NotifyCondition.OnOverdue) return "Not told: it hears of missed runs only, not of runs.";
        if (late && run.Status == RunStatus.Success) return "Not told: a success reported after a newer run is not news.";
        if (!assignment.Matches(run.Status, state.WarningsAreFailures))
            return run.Status == RunStatus.Warning && assignment.Condition == NotifyCondition.OnFailure
                ? "Not told: the job counts warnings apart from failures."
                : $"Not told: it asks for {Name(assignment.Condition)}, and the run was a {run.Status.ToString().ToLowerInvariant()}.";
        if (assignment.Condition == NotifyCondition.OnFailure && state.ConsecutiveFailures < state.FailuresBeforeAlert)
            return $"Not told: failure {state.ConsecutiveFailures} of {state.FailuresBeforeAlert} in a row; the job alerts from the {Ordinal(state.FailuresBeforeAlert)}.";
        if (assignment.Condition == NotifyCondition.OnFailure && followUp) return FollowUpWhy;
        return "Not told.";
    }

    public const string FollowUpWhy = "Not told: the job tells only of an incident's first failure, and this incident's was told.";

    /// <summary>A channel's conditions on the job, each once: "failures, overdue".</summary>
    private static string Names(IEnumerable<ChannelAssignment> assignments) => string.Join(", ", assignments.Select(a => Name(a.Condition)).Distinct());

    public static string Name(NotifyCondition condition) => condition switch
    {
        NotifyCondition.Always => "every run",
        NotifyCondition.OnSuccess => "successes",
        NotifyCondition.OnFailure => "failures",
        NotifyCondition.OnWarning => "warnings",
        NotifyCondition.OnOverdue => "overdue",
        _ => condition.ToString(),
    };

    public static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
