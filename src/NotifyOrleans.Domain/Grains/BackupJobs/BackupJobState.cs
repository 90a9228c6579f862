using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>The persisted state of a <see cref="BackupJobGrain"/>; one row per job.</summary>
public sealed class BackupJobState
{
    public const int RecentRunIdsKept = 50;

    public string ServerName { get; set; } = "";
    public string JobName { get; set; } = "";
    public RunStatus Status { get; set; }
    public DateTimeOffset? FirstSeenAt { get; set; }

    /// <summary>A ping "start" waiting for its run (Healthchecks' /start), to measure the duration.</summary>
    public DateTimeOffset? RunStartedAt { get; set; }

    /// <summary>The run id the "start" named (<c>?rid=</c>, as <c>rid:…</c>): only that run's end is measured from it.</summary>
    public string? RunStartedId { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>When the newest run that made its backup ended (a success, or a success with warnings): "no good backup for a day" is measured from it.</summary>
    public DateTimeOffset? LastSuccessAt { get; set; }
    public string? LastRunId { get; set; }
    public long? LastDurationMs { get; set; }

    /// <summary>
    /// How long the newest good run took (a success, or with warnings): a slot's run is expected that
    /// long after its slot. Not the last run's: a failure that stopped at once says nothing of it.
    /// </summary>
    public long? LastGoodDurationMs { get; set; }
    public long? LastSizeBytes { get; set; }
    public long? LastFileCount { get; set; }
    public int LastWarningCount { get; set; }
    public int LastErrorCount { get; set; }
    public string? LastError { get; set; }
    public int RunCount { get; set; }
    public int SuccessCount { get; set; }
    public int WarningCount { get; set; }
    public int FailureCount { get; set; }

    /// <summary>Run ids seen lately, newest last: a repeated report is recognised and ignored.</summary>
    public List<string> RecentRunIds { get; set; } = [];

    public List<ChannelAssignment> Assignments { get; set; } = [];

    /// <summary>When the job is expected to run; <see cref="JobSchedule.None"/>: never overdue.</summary>
    public JobSchedule Schedule { get; set; } = JobSchedule.None;

    /// <summary>
    /// The zone the channels' copies of this job's notices give their times in: its schedule's, where
    /// its deadlines are set ("expected 02:00 (Europe/Berlin)", not "01:00 UTC"); without one, this
    /// server's (its <c>TZ</c>), as a schedule that names no zone is read in.
    /// </summary>
    public string NoticeTimeZone => Schedule.Kind == ScheduleKind.None ? TimeZones.Server : Schedule.TimeZone;

    /// <summary>When the schedule was set: a schedule counts from then, not from an older run.</summary>
    public DateTimeOffset? ScheduleSetAt { get; set; }

    /// <summary>How late a run may be before the job is overdue; null: the global default.</summary>
    public long? GraceMs { get; set; }

    /// <summary>How often the Overdue notice repeats while the job stays overdue; null: never.</summary>
    public long? OverdueRepeatMs { get; set; }

    /// <summary>The next run the schedule expects (null without a schedule).</summary>
    public DateTimeOffset? ExpectedAt { get; set; }

    /// <summary>The deadline: overdue unless a run arrives before it (next expected run + grace).</summary>
    public DateTimeOffset? OverdueAt { get; set; }

    /// <summary>The open overdue incident: the deadline it passed. Null while the job is on time.</summary>
    public DateTimeOffset? OverdueSince { get; set; }

    /// <summary>
    /// When the last Overdue notice of the open incident went out (repeats count from it). Kept while
    /// the incident stays open after the job ran and failed: its Recovered notice goes to those told.
    /// </summary>
    public DateTimeOffset? OverdueNotifiedAt { get; set; }

    /// <summary>Someone took the open incident on: no more repeats or escalation until the job recovers.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public string? AcknowledgeComment { get; set; }

    /// <summary>How many bad runs in a row before On Failure channels hear of it (1: the first).</summary>
    public int FailuresBeforeAlert { get; set; } = 1;

    /// <summary>How often the Failure notice repeats while the job stays failed; null: never.</summary>
    public long? FailureRepeatMs { get; set; }

    /// <summary>On Failure channels and subscribers hear of an incident's first failed run only (<see cref="JobSettings.OnlyFirstFailure"/>).</summary>
    public bool OnlyFirstFailure { get; set; }

    /// <summary>A run that started and has not finished after this long is overdue; null: no limit.</summary>
    public long? MaxDurationMs { get; set; }

    /// <summary>A good run whose size or file count fell by more than this share of <see cref="SizeBaselineBytes"/> is a warning (<see cref="SizeDrops"/>); null: the configured default; 0: never.</summary>
    public int? SizeDropPercent { get; set; }

    /// <summary>The size a good run is compared with: the last good run's that did not fall (or one someone took as the job's size).</summary>
    public long? SizeBaselineBytes { get; set; }

    /// <summary>The file count a good run is compared with, as <see cref="SizeBaselineBytes"/>.</summary>
    public long? FileCountBaseline { get; set; }

    /// <summary>The job's own escalation policy; null: the global default.</summary>
    public List<EscalationStep>? Escalation { get; set; }

    /// <summary>What whoever is told of a problem should know or do first (set on the job page); on its incident notices.</summary>
    public string? Notes { get; set; }

    /// <summary>Bad runs in a row (failures, and warnings when they count as failures).</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>The open failure incident: when its first alerting failure came. Null while runs are good.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    /// <summary>When the last Failure notice of the open incident went out (repeats count from it).</summary>
    public DateTimeOffset? FailureNotifiedAt { get; set; }

    /// <summary>
    /// When the open incident was first told (its first Overdue or alerting Failure notice): escalation
    /// by time counts from here. Its start (<see cref="IncidentSince"/>) can lie far before: a failure
    /// queued on a laptop and reported a day late, a deadline passed while the node was down. Null:
    /// none is open, or it opened before this was kept (escalation then counts from its start).
    /// </summary>
    public DateTimeOffset? IncidentToldAt { get; set; }

    /// <summary>The escalation steps that fired in the open incident, one bit per step.</summary>
    public int EscalationsFired { get; set; }

    /// <summary>
    /// Monitoring paused (maintenance, a server switched off for a while) since then: no deadline,
    /// repeat or escalation until it resumes (<see cref="Pauses"/>). Null: monitored.
    /// </summary>
    public DateTimeOffset? PausedAt { get; set; }
    public string? PausedBy { get; set; }

    /// <summary>When the pause ends by itself; null while paused: at the job's next report.</summary>
    public DateTimeOffset? PausedUntil { get; set; }

    /// <summary>When monitoring last resumed: the next deadline counts from then, not from a run before the pause.</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    /// <summary>True (the default): On Failure also fires for warnings.</summary>
    public bool WarningsAreFailures { get; set; } = true;

    /// <summary>When the open incident (overdue, failing, or both) began; null: none is open.</summary>
    public DateTimeOffset? IncidentSince => Instants.Earliest(OverdueSince, FailingSince);

    /// <summary>
    /// The schedule's next run; none without a schedule (its runs suggest one, with the evidence:
    /// a guess from two runs would read as a promise) or while paused.
    /// </summary>
    public DateTimeOffset? NextExpectedAt => PausedAt is null && Schedule.Kind != ScheduleKind.None ? ExpectedAt : null;
}
