using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// A job's incident: it opens when the job goes overdue or starts failing (past its
/// failures-before-alert), and ends with the next good run. Acknowledging it stops its repeats and
/// its escalation; escalation steps fire once each within it. Pure, like the other transitions.
/// </summary>
public static class Incidents
{
    public const int CommentMaxLength = 500;

    public static bool IsOpen(BackupJobState state) => state.IncidentSince is not null;

    /// <summary>Someone takes the open incident on. False when none is open, it was taken already, or it is not the one <paramref name="incident"/> names (a link from an older incident).</summary>
    public static bool Acknowledge(BackupJobState state, string by, string? comment, DateTimeOffset now, DateTimeOffset? incident = null)
    {
        if (state.IncidentSince is not { } since || state.AcknowledgedAt is not null) return false;
        if (incident is { } named && !IsThe(named, state)) return false;
        state.AcknowledgedAt = now;
        state.AcknowledgedBy = by;
        state.AcknowledgeComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim().ReplaceLineEndings("\n"); // as the notices write lines
        return true;
    }

    /// <summary>
    /// Whether the incident that began at <paramref name="since"/> is the open one. To the
    /// millisecond: the databases keep instants to it (SQLite) or finer, a link carries the same.
    /// </summary>
    public static bool IsThe(DateTimeOffset since, BackupJobState state) => Same(since, state.IncidentSince);

    public static bool Same(DateTimeOffset since, DateTimeOffset? open) => open is { } at && at.ToUnixTimeMilliseconds() == since.ToUnixTimeMilliseconds();

    /// <summary>
    /// Where escalation by time counts from: when the incident was first told. "After 4h" means four
    /// hours in which nobody took on what they were told; a failure reported a day after it happened
    /// (queued while offline, replayed) escalated at once, before anyone could have acknowledged it.
    /// </summary>
    private static DateTimeOffset EscalationClockStart(BackupJobState state, DateTimeOffset since) =>
        state.IncidentToldAt is { } told && told > since ? told : since;

    /// <summary>The escalation steps due now (by time, or by failures in a row), each once per incident, none once acknowledged.</summary>
    public static IReadOnlyList<JobNotification> Escalate(BackupJobState state, IReadOnlyList<EscalationStep> policy, DateTimeOffset now)
    {
        if (state.IncidentSince is not { } since || state.AcknowledgedAt is not null) return [];
        var start = EscalationClockStart(state, since);
        var notices = new List<JobNotification>();
        for (var i = 0; i < policy.Count && i < EscalationStep.MaxSteps; i++)
        {
            var step = policy[i];
            if (Fired(state, i)) continue;
            var due = step.After is { } after ? now >= start + after : state.ConsecutiveFailures >= step.AfterFailures;
            if (!due) continue;
            state.EscalationsFired |= 1 << i;
            notices.Add(new JobNotification(EventTypes.BackupEscalated, LastKnownRun(state, since), step.Channels.Distinct().ToList(),
                ExpectedAt: state.OverdueSince is null ? null : state.ExpectedAt, // what was missed; a failure's next slot says nothing
                DownSince: since, Priority: step.Priority, Step: i, Users: step.People.Distinct().ToList()));
        }

        return notices;
    }

    /// <summary>When the next time-based step falls due; null when none will (or the incident is acknowledged).</summary>
    public static DateTimeOffset? NextEscalation(BackupJobState state, IReadOnlyList<EscalationStep> policy)
    {
        if (state.IncidentSince is not { } since || state.AcknowledgedAt is not null) return null;
        var start = EscalationClockStart(state, since);
        DateTimeOffset? next = null;
        for (var i = 0; i < policy.Count && i < EscalationStep.MaxSteps; i++)
            if (!Fired(state, i) && policy[i].After is { } after) next = Instants.Earliest(next, start + after);
        return next;
    }

    /// <summary>
    /// A good run ends the incident: one Recovered notice (with how long the job was down) to every
    /// channel and person that heard of it, except the channels the run's own notice reaches already.
    /// </summary>
    public static IReadOnlyList<JobNotification> Recover(BackupJobState state, RunReport run, IReadOnlyList<EscalationStep> policy, IReadOnlySet<Guid> toldByTheRun)
    {
        if (state.IncidentSince is not { } since) return [];
        var told = new HashSet<Guid>();
        var people = new HashSet<string>();
        // Who was told, not what the job is now: an overdue job that then failed was told overdue.
        if (state.OverdueNotifiedAt is not null) told.UnionWith(ChannelsAsking(state, NotifyCondition.OnOverdue));
        if (state.FailureNotifiedAt is not null) told.UnionWith(ChannelsAsking(state, NotifyCondition.OnFailure));
        for (var i = 0; i < policy.Count && i < EscalationStep.MaxSteps; i++)
        {
            if (!Fired(state, i)) continue;
            told.UnionWith(policy[i].Channels);
            people.UnionWith(policy[i].People);
        }

        // Said on every copy, as on the run's own Recovered notice: who was seeing to it.
        var acknowledged = AcknowledgementOf(state);
        Close(state);
        told.ExceptWith(toldByTheRun);
        return [new JobNotification(EventTypes.BackupRecovered, run, told.ToList(), DownSince: since, Users: people.ToList(), Acknowledged: acknowledged)];
    }

    /// <summary>
    /// After the job's newest run: a good run ends the incident (<see cref="Recover"/>); a bad one
    /// ends only its overdue part (the job did run), and may fire the steps that count failures.
    /// </summary>
    public static IReadOnlyList<JobNotification> AfterRun(BackupJobState state, RunReport run, IReadOnlyList<EscalationStep> policy, IReadOnlySet<Guid> toldByTheRun, DateTimeOffset now)
    {
        if (!BackupJobTransitions.IsBad(run.Status, state.WarningsAreFailures)) return Recover(state, run, policy, toldByTheRun);
        if (state.OverdueSince is { } overdueSince)
        {
            // The same incident goes on, failing now, down since it went overdue (the notices' "down
            // since", the links that acknowledge it, escalation by time), even when this failure alone
            // would not alert yet: people were told the job is down, and only a good run ends that.
            // OverdueNotifiedAt stays: the overdue channels heard of the incident and hear of its end.
            state.FailingSince = Instants.Earliest(state.FailingSince, overdueSince);
            state.OverdueSince = null;
        }

        return Escalate(state, policy, now);
    }

    /// <summary>Ends the incident without a word (its cause went away: the schedule was removed).</summary>
    public static void Close(BackupJobState state)
    {
        state.OverdueSince = state.OverdueNotifiedAt = null;
        state.FailingSince = state.FailureNotifiedAt = null;
        state.EscalationsFired = 0;
        ForgetAcknowledgementIfClosed(state);
    }

    /// <summary>An acknowledgement belongs to its incident: gone with it, as when it was told.</summary>
    public static void ForgetAcknowledgementIfClosed(BackupJobState state)
    {
        if (IsOpen(state)) return;
        state.IncidentToldAt = null;
        state.EscalationsFired = 0;
        state.AcknowledgedAt = null;
        state.AcknowledgedBy = state.AcknowledgeComment = null;
    }

    /// <summary>Who acknowledged the open incident, and when, for its notices to say; null when nobody has.</summary>
    public static Acknowledgement? AcknowledgementOf(BackupJobState state) =>
        state.AcknowledgedAt is { } at ? new Acknowledgement(state.AcknowledgedBy ?? "", at) : null;

    /// <summary>The enabled channels that asked for this condition (or for everything).</summary>
    public static List<Guid> ChannelsAsking(BackupJobState state, NotifyCondition condition) => state.Assignments
        .Where(a => a.Enabled && (a.Condition == condition || a.Condition == NotifyCondition.Always))
        .Select(a => a.ChannelId)
        .Distinct()
        .ToList();

    /// <summary>What a notice about the job (not about one run) shows: its names and its last run, or since when it was expected.</summary>
    public static RunReport LastKnownRun(BackupJobState state, DateTimeOffset fallback) => new()
    {
        RunId = "incident",
        ServerName = state.ServerName,
        JobName = state.JobName,
        Status = state.Status,
        EndedAt = state.LastRunAt ?? state.ScheduleSetAt ?? fallback,
        // The last good run's figures (a failure reports none): read beside a failure, they passed for its own.
        SizeBytes = state.Status is RunStatus.Success or RunStatus.Warning ? state.LastSizeBytes : null,
        FileCount = state.Status is RunStatus.Success or RunStatus.Warning ? state.LastFileCount : null,
        ErrorDetails = state.Status == RunStatus.Success ? null : state.LastError,
    };

    private static bool Fired(BackupJobState state, int step) => (state.EscalationsFired & (1 << step)) != 0;
}
