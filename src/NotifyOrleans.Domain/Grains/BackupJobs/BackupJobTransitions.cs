using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// What a run changed, for notifications: the event type and who hears about it.
/// </summary>
/// <param name="NewestRunAt">For a run older than the job's latest (its report arrived late): when the latest ended. The notice's "Last run" is that one, not the late run.</param>
/// <param name="ExpectedAt">For an Overdue notice: when the run was expected.</param>
/// <param name="DownSince">For incident notices (overdue, repeats, escalation, recovery): since when the job has been down.</param>
/// <param name="Priority">An escalation step's priority, instead of the template's.</param>
/// <param name="Step">Which escalation step this is.</param>
/// <param name="Repeat">A repeat of a notice already sent for this incident.</param>
/// <param name="RunningSince">For an Overdue notice about a run that never finished: when it started.</param>
/// <param name="HeldChannels">Channels whose quiet hours hold this notice, and until when (<see cref="ChannelQuietHours"/>).</param>
/// <param name="Test">A test from the job page's Send test: its title says so.</param>
public sealed record JobNotification(string EventType, RunReport Run, IReadOnlyList<Guid> ChannelIds, DateTimeOffset? NewestRunAt = null,
    DateTimeOffset? ExpectedAt = null, DateTimeOffset? DownSince = null, int? Priority = null, int? Step = null, bool Repeat = false,
    DateTimeOffset? RunningSince = null, IReadOnlyList<string>? Users = null, IReadOnlyList<SubscriberDelivery>? Subscribers = null,
    IReadOnlyDictionary<Guid, DateTimeOffset>? HeldChannels = null, Acknowledgement? Acknowledged = null, bool Test = false, bool FollowUp = false)
{
    /// <summary>Whether anyone hears of it: a notice nobody is routed to is not rendered or stored.</summary>
    public bool HasRecipients => ChannelIds.Count > 0 || Users is { Count: > 0 } || Subscribers is { Count: > 0 };

    /// <summary>The run is older than the job's latest: its report arrived late.</summary>
    public bool ReportedLate => NewestRunAt is not null;
}

/// <summary>Who acknowledged the open incident, and when.</summary>
public sealed record Acknowledgement(string By, DateTimeOffset At);

/// <summary>
/// The backup job's state machine as pure functions: state + report + time → new state and the
/// notifications it produced. No I/O, so every rule is unit tested with a fake clock.
/// </summary>
public static class BackupJobTransitions
{
    public static bool IsRepeat(BackupJobState state, RunReport report) => state.RecentRunIds.Contains(report.RunId);

    /// <summary>Ended after the job's latest run: then it cannot be a backup run the job has recorded before.</summary>
    public static bool IsNewerThanEveryRun(BackupJobState state, RunReport report) => state.LastRunAt is not { } last || report.EndedAt > last;

    /// <summary>Ended before the job's newest run: reported late, it counts but does not change the job's state.</summary>
    public static bool IsLate(BackupJobState state, RunReport report) => state.LastRunAt is { } last && report.EndedAt < last;

    /// <summary>How long a ping's "start" waits for its end before it no longer counts.</summary>
    public static readonly TimeSpan MaxRunLength = TimeSpan.FromDays(1);

    /// <summary>A ping "start": the next run without its own start time measures from here.</summary>
    /// <param name="runId">The run the start names (a ping's <c>?rid=</c>), if it names one.</param>
    public static void ApplyStart(BackupJobState state, string serverName, string jobName, DateTimeOffset at, DateTimeOffset now, string? runId = null)
    {
        state.ServerName = serverName;
        state.JobName = jobName;
        state.FirstSeenAt ??= now;
        state.RunStartedAt = at;
        state.RunStartedId = runId;
    }

    /// <summary>
    /// Whether the run is the one the waiting start began: yes, unless both name their run and the
    /// names differ (two overlapping runs: one's end must not be measured from the other's start).
    /// </summary>
    private static bool EndsTheStartedRun(BackupJobState state, RunReport report) =>
        state.RunStartedId is not { } started || !report.RunId.StartsWith(PingRunIdPrefix, StringComparison.Ordinal) || started == report.RunId;

    /// <summary>How a ping's <c>?rid=</c> is kept as a run id.</summary>
    public const string PingRunIdPrefix = "rid:";

    /// <summary>
    /// Applies a backup run (restores are handled by the caller: they don't touch the job).
    /// Returns the run as recorded (from the start time of a preceding ping "start", when earlier) and the
    /// notifications it causes.
    /// </summary>
    public static (RunReport Run, IReadOnlyList<JobNotification> Notifications) ApplyRun(BackupJobState state, RunReport report, DateTimeOffset now)
    {
        // Another run's start (a different rid) still waits for its own end.
        if (EndsTheStartedRun(state, report))
        {
            // A "start" said before the run's own start time wins: it measured more (a restic run's own
            // duration leaves out the database dump the script made before it).
            if (state.RunStartedAt is { } started && started <= report.EndedAt && report.EndedAt - started <= MaxRunLength && !(report.StartedAt <= started))
                report = report with { StartedAt = started };
            state.RunStartedAt = null;
            state.RunStartedId = null;
        }

        return (report, Apply(state, report, now));
    }

    /// <summary>
    /// A reported run, all of it: the run's own notices; then, when it is the job's newest, the
    /// incident's end or escalation (<see cref="Incidents.AfterRun"/>) and the next deadline.
    /// </summary>
    public static (RunReport Run, IReadOnlyList<JobNotification> Notifications) RecordRun(BackupJobState state, RunReport report,
        IReadOnlyList<EscalationStep> policy, TimeSpan grace, DateTimeOffset now)
    {
        var late = IsLate(state, report);
        var (run, notifications) = ApplyRun(state, report, now);
        // History tells nobody of its runs. An incident open meanwhile is about the present: the
        // newest run still ends it (those told of it hear so) or carries it on, as any report does.
        if (report.History) notifications = [];
        if (late) return (run, notifications);
        if (!report.History) Pauses.EndWithReport(state, grace, now); // a pause "until it reports again" waits for the job itself
        var told = notifications.SelectMany(n => n.ChannelIds).ToHashSet(); // one message per channel for this run
        notifications = [.. notifications, .. Incidents.AfterRun(state, run, policy, told, now)];
        OverdueTransitions.Reschedule(state, grace, now);
        return (run, notifications);
    }

    private static IReadOnlyList<JobNotification> Apply(BackupJobState state, RunReport report, DateTimeOffset now)
    {
        state.ServerName = report.ServerName;
        state.JobName = report.JobName;
        state.FirstSeenAt ??= now;
        state.RecentRunIds.Add(report.RunId);
        if (state.RecentRunIds.Count > BackupJobState.RecentRunIdsKept)
            state.RecentRunIds.RemoveRange(0, state.RecentRunIds.Count - BackupJobState.RecentRunIdsKept);

        state.RunCount++;
        switch (report.Status)
        {
            case RunStatus.Success: state.SuccessCount++; break;
            case RunStatus.Warning: state.WarningCount++; break;
            case RunStatus.Failure: state.FailureCount++; break;
        }

        // Whenever its report came (late ones too): the newest run that made its backup.
        if (report.Status is RunStatus.Success or RunStatus.Warning && !(state.LastSuccessAt >= report.EndedAt)) state.LastSuccessAt = report.EndedAt;

        // An older run reported late counts in the totals but does not overwrite the latest state.
        // A failure or warning is still news whenever it arrives: it is notified, marked as late.
        if (IsLate(state, report))
        {
            // After the job's last good run, a bad run reported late is one more failure in a row: a
            // cluster node's failover can apply one job's waiting reports out of their order, and the
            // streak read 51 failed runs in a row of 53, all failed. Before it, it is an old incident's.
            if (IsBad(report.Status, state.WarningsAreFailures) && state.ConsecutiveFailures > 0 && !(state.LastSuccessAt >= report.EndedAt)) state.ConsecutiveFailures++;
            if (report.Status == RunStatus.Success) return [];
            return [new JobNotification(report.Status == RunStatus.Failure ? EventTypes.BackupFailure : EventTypes.BackupWarning, report, ChannelsFor(state, report), NewestRunAt: state.LastRunAt)];
        }

        var bad = IsBad(report.Status, state.WarningsAreFailures);
        state.ConsecutiveFailures = bad ? state.ConsecutiveFailures + 1 : 0;
        var alerting = bad && !report.History && state.ConsecutiveFailures >= state.FailuresBeforeAlert;
        // A later failure of an incident whose failure was told, on a job that tells only the first:
        // On Failure channels and subscribers hear no more of it (repeats count from the told one).
        var followUp = alerting && state.OnlyFirstFailure && state.FailureNotifiedAt is not null;
        if (alerting)
        {
            // The job has been down since the failing run ended, not since its report arrived (a
            // report can come late: a queued Duplicati resend, a script's backlog); an overdue job
            // since it went overdue: an open incident keeps its start (its Acknowledge links name it).
            state.FailingSince ??= state.OverdueSince ?? (report.EndedAt < now ? report.EndedAt : now);
            state.IncidentToldAt ??= now;
            if (!followUp) state.FailureNotifiedAt = now;
        }

        state.Status = report.Status;
        state.LastRunAt = report.EndedAt;
        state.LastRunId = report.RunId;
        state.LastDurationMs = report.Duration is { } duration ? (long)duration.TotalMilliseconds : null;
        if (report.Status is RunStatus.Success or RunStatus.Warning && state.LastDurationMs is { } took) state.LastGoodDurationMs = took;
        // A failed run often reports zeros (nothing was examined): keep the last known size and count.
        state.LastSizeBytes = report.KnownSizeBytes ?? state.LastSizeBytes;
        state.LastFileCount = report.KnownFileCount ?? state.LastFileCount;
        state.LastWarningCount = report.WarningCount;
        state.LastErrorCount = report.ErrorCount;
        state.LastError = report.Status == RunStatus.Success ? null : report.ErrorDetails;

        var eventType = report.Status switch
        {
            RunStatus.Failure => EventTypes.BackupFailure,
            RunStatus.Warning => EventTypes.BackupWarning,
            RunStatus.Success when state.IncidentSince is not null => EventTypes.BackupRecovered,
            _ => EventTypes.BackupSuccess,
        };
        var channels = ChannelsFor(state, report, alertsFailures: alerting && !followUp);
        // An alerting failure and a recovery belong to the incident: they say since when (and the failure links to acknowledge it).
        var downSince = alerting || eventType == EventTypes.BackupRecovered ? state.IncidentSince : null;
        // A run of an incident someone acknowledged says so: the reader knows it is being seen to.
        var acknowledged = downSince is not null ? Incidents.AcknowledgementOf(state) : null;
        // The notice is made even when no channel hears of it: subscribers may (SubscriberRoute).
        return [new JobNotification(eventType, report, channels, DownSince: downSince, Acknowledged: acknowledged, FollowUp: followUp)];
    }

    /// <summary>A failure, or a warning when the job counts warnings as failures.</summary>
    public static bool IsBad(RunStatus status, bool warningsAreFailures) =>
        status == RunStatus.Failure || (warningsAreFailures && status == RunStatus.Warning);

    /// <summary>
    /// The channels whose conditions ask for this run. On Failure channels hear of a bad run only
    /// once the job has failed its failures-before-alert times in a row.
    /// </summary>
    private static List<Guid> ChannelsFor(BackupJobState state, RunReport report, bool alertsFailures = true) => state.Assignments
        .Where(a => a.Matches(report.Status, state.WarningsAreFailures) && (alertsFailures || a.Condition != NotifyCondition.OnFailure))
        .Select(a => a.ChannelId)
        .Distinct()
        .ToList();
}
