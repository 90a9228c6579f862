using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// The time-driven half of the job's state machine, pure like <see cref="BackupJobTransitions"/>:
/// the deadline follows the schedule, the runs and a run that started; passing it opens an
/// overdue incident (one Overdue notice, then one per repeat period); a failing job's notice
/// repeats the same way; escalation steps fall due (<see cref="Incidents"/>).
/// </summary>
public static class OverdueTransitions
{
    /// <summary>After anything that moves the deadline (a run, a start, a new schedule): the next expected run and the deadline.</summary>
    public static void Reschedule(BackupJobState state, TimeSpan grace, DateTimeOffset now)
    {
        // Stored in UTC: the schedule's zone is for reading it, and PostgreSQL keeps instants (timestamptz takes offset 0 only).
        // A paused job expects nothing; after a pause the schedule counts from its end, not from a run before it.
        var since = state.ScheduleSetAt ?? state.FirstSeenAt ?? now;
        if (state.ResumedAt > since) since = state.ResumedAt.Value;
        var expectation = Pauses.IsPaused(state) ? null : ScheduleMath.Expect(state.Schedule, grace, LastRun(state), since);
        state.ExpectedAt = expectation?.ExpectedAt.ToUniversalTime();
        state.OverdueAt = Pauses.IsPaused(state) ? null : Instants.Earliest(expectation?.OverdueAt.ToUniversalTime(), UnfinishedBy(state, grace));
        if (state.OverdueAt is null && state.OverdueSince is not null)
        {
            // Nothing is expected any more (the schedule was removed): the overdue part ends without a word.
            state.OverdueSince = state.OverdueNotifiedAt = null;
            Incidents.ForgetAcknowledgementIfClosed(state);
        }
    }

    /// <summary>
    /// At a wake-up (the reminder, an activation): opens the overdue incident when the deadline has
    /// passed, repeats the Overdue and Failure notices when their periods have gone by, and fires
    /// the escalation steps that are due. Idempotent: waking twice notifies once.
    /// </summary>
    public static IReadOnlyList<JobNotification> Check(BackupJobState state, IReadOnlyList<EscalationStep> policy, DateTimeOffset now)
    {
        var notices = new List<JobNotification>();
        if (Pauses.IsPaused(state)) return notices; // the clock stands still (Pauses.EndIfDue ends a pause first)
        if (state.OverdueSince is null && state.OverdueAt is { } deadline && deadline <= now)
        {
            state.OverdueSince = deadline;
            state.OverdueNotifiedAt = now;
            state.IncidentToldAt ??= now;
            notices.AddRange(OverdueNotice(state, repeat: false));
        }
        else if (Due(state, state.OverdueSince, state.OverdueRepeatMs, state.OverdueNotifiedAt, now))
        {
            state.OverdueNotifiedAt = now;
            notices.AddRange(OverdueNotice(state, repeat: true));
        }

        if (Due(state, state.FailingSince, state.FailureRepeatMs, state.FailureNotifiedAt, now))
        {
            state.FailureNotifiedAt = now;
            notices.AddRange(FailureRepeat(state));
        }

        var escalations = Incidents.Escalate(state, policy, now);
        // A repeat due in the same turn as an escalation step does not reach that step's channels as
        // well: the escalation says it louder, and two pushes in one second read as two incidents.
        var escalated = escalations.SelectMany(e => e.ChannelIds).ToHashSet();
        return [.. notices.Select(n => n.Repeat ? n with { ChannelIds = n.ChannelIds.Where(c => !escalated.Contains(c)).ToList() } : n), .. escalations];
    }

    /// <summary>When the grain must look next: the deadline, a repeat, an escalation step, a pause's end; null: never.</summary>
    public static DateTimeOffset? NextWake(BackupJobState state, IReadOnlyList<EscalationStep> policy) => Pauses.IsPaused(state) ? state.PausedUntil : Instants.Earliest(
        Instants.Earliest(state.OverdueSince is null ? state.OverdueAt : null, NextRepeat(state, state.OverdueSince, state.OverdueRepeatMs, state.OverdueNotifiedAt)),
        Instants.Earliest(NextRepeat(state, state.FailingSince, state.FailureRepeatMs, state.FailureNotifiedAt), Incidents.NextEscalation(state, policy)));

    /// <summary>
    /// The run the schedule counts from, and how long a run takes (the newest good one's length):
    /// a run that started (<c>/start</c>) and has not ended serves its slot already; else the last
    /// run reported, from its start.
    /// </summary>
    private static RunSpan? LastRun(BackupJobState state)
    {
        var usual = UsualLength(state);
        if (state.RunStartedAt is { } started && (state.LastRunAt is not { } ended || started > ended)) return new RunSpan(started, started + usual);
        return state.LastRunAt is { } end ? new RunSpan(end - Length(state.LastDurationMs), end, usual) : null;
    }

    private static TimeSpan UsualLength(BackupJobState state) => Length(state.LastGoodDurationMs ?? state.LastDurationMs);

    private static TimeSpan Length(long? ms) => TimeSpan.FromMilliseconds(Math.Clamp(ms ?? 0, 0, (long)BackupJobTransitions.MaxRunLength.TotalMilliseconds));

    /// <summary>
    /// A run that started and has not finished by then makes the job overdue: at the end of the job's
    /// maximum duration if it has one; else, on a schedule, the grace after a run as long as the usual
    /// one would have ended (as a slot's run is due, and Healthchecks' grace after /start). A start
    /// serves its slot, so without this a run that hung after it was never missed: the next
    /// night's start served the next slot. A job with neither is never overdue.
    /// </summary>
    private static DateTimeOffset? UnfinishedBy(BackupJobState state, TimeSpan grace) =>
        state.RunStartedAt is not { } started ? null
        : state.MaxDurationMs is { } max ? started.AddMilliseconds(max).ToUniversalTime()
        : state.Schedule is { Kind: not ScheduleKind.None } ? (started + UsualLength(state) + grace).ToUniversalTime()
        : null;

    /// <summary>
    /// Whether a job overdue since <paramref name="since"/> is so for a run started before then that has
    /// not finished, not for a missed slot: a start serves its slot, so its deadline falls before the next.
    /// </summary>
    public static bool IsUnfinishedRun(DateTimeOffset? startedAt, DateTimeOffset? expectedAt, DateTimeOffset since) =>
        startedAt < since && !(expectedAt <= since);

    private static DateTimeOffset? NextRepeat(BackupJobState state, DateTimeOffset? open, long? repeatMs, DateTimeOffset? last) =>
        open is not null && state.AcknowledgedAt is null && repeatMs is { } repeat && last is { } at ? at.AddMilliseconds(repeat) : null;

    private static bool Due(BackupJobState state, DateTimeOffset? open, long? repeatMs, DateTimeOffset? last, DateTimeOffset now) =>
        NextRepeat(state, open, repeatMs, last) is { } next && next <= now;

    private static List<JobNotification> OverdueNotice(BackupJobState state, bool repeat)
    {
        var since = state.OverdueSince!.Value;
        var channels = Incidents.ChannelsAsking(state, NotifyCondition.OnOverdue);
        var unfinished = IsUnfinishedRun(state.RunStartedAt, state.ExpectedAt, since) ? state.RunStartedAt : null;
        // The incident's start, not the deadline's: a job failing before it was overdue has been down since
        // the failure, and the notice's Acknowledge link names the incident by it. A failing job that
        // someone acknowledged and that now misses a run too says who is on it, and has no link.
        // A run that has not finished was expected to end by its maximum duration; the schedule's next slot
        // (after the one the run serves) is not what it missed.
        return [new JobNotification(EventTypes.BackupOverdue, Incidents.LastKnownRun(state, since), channels,
            ExpectedAt: unfinished is not null ? since : state.ExpectedAt, DownSince: state.IncidentSince, Repeat: repeat, RunningSince: unfinished,
            Acknowledged: Incidents.AcknowledgementOf(state))];
    }

    private static List<JobNotification> FailureRepeat(BackupJobState state)
    {
        var since = state.FailingSince!.Value;
        // The channels that heard of the failure hear it again: those asking for failures, and for everything.
        var channels = Incidents.ChannelsAsking(state, NotifyCondition.OnFailure);
        return [new JobNotification(EventTypes.BackupFailure, Incidents.LastKnownRun(state, since), channels, DownSince: state.IncidentSince, Repeat: true)];
    }
}
