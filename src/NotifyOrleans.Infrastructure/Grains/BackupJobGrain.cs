using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Infrastructure.Subscriptions;
using NotifyOrleans.Domain.Schedules;
using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>The backup job grain: <see cref="BackupJobTransitions"/> decides, this class persists and enqueues.</summary>
// A job reports a few times a day: an idle activation is let go after 5 minutes rather than
// Orleans' default 15, so memory follows the jobs reporting now, not every job there is.
[GrainType("backupjob")]
[CollectionAgeLimit(Minutes = 5)]
public sealed class BackupJobGrain(IDbContextFactory<AppDbContext> dbs, GroupCommit commits, JobSideEffectsFactory effects, TimeProvider time, IOptions<MonitoringOptions> monitoring, FaultReporter faults,
    IReminderTable reminders, SubscriberDirectory subscribers, ILogger<BackupJobGrain> logger)
    : RowGrain<BackupJobState>(dbs, commits), IBackupJobGrain, IRemindable
{
    /// <summary>The reminder that wakes the grain at its overdue deadline (and at each repeat of an Overdue notice).</summary>
    public const string OverdueReminder = "overdue";

    /// <summary>
    /// How long before a wake-up the reminder ticks. The work a notice needs before its write
    /// (activating the grain, reading its row and the escalation policy) is done in this lead, and a
    /// grain timer keeps the exact time: a thousand deadlines in one second then cost only their
    /// writes in that second. Shorter than <see cref="RecentlyRead{T}"/>'s 30 s, so the policy read
    /// in the lead is still the one used at the deadline.
    /// </summary>
    public static readonly TimeSpan Lead = TimeSpan.FromSeconds(15);

    /// <summary>The wake-up time the reminder is registered for, as far as this activation knows.</summary>
    private DateTimeOffset? _armedFor;

    /// <summary>The timer for a wake-up within <see cref="Lead"/>, and the wake-up it is set for.</summary>
    private IGrainTimer? _timer;
    private DateTimeOffset? _timerFor;

    // Global settings a turn may need: read from the database at most every 30 seconds per activation.
    private readonly RecentlyRead<IReadOnlyList<EscalationStep>> _defaultPolicy = new(time);
    private readonly RecentlyRead<bool> _applyDetectedSchedules = new(time);
    private readonly RecentlyRead<ChannelQuietHours> _channelQuietHours = new(time);

    /// <summary>The time as the database keeps it (an incident's start is its identity in links and outbox keys).</summary>
    private DateTimeOffset Now => Instants.AsStored(time.GetUtcNow());

    /// <summary>When the grain must look next, by the escalation policy as this activation last read it.</summary>
    private DateTimeOffset? NextWake => OverdueTransitions.NextWake(State, State.Escalation ?? _defaultPolicy.Last ?? []);

    private TimeSpan Grace => State.GraceMs is { } grace ? TimeSpan.FromMilliseconds(grace) : monitoring.Value.DefaultGrace;

    private int SizeDropPercent => State.SizeDropPercent ?? monitoring.Value.SizeDropPercent;

    /// <summary>A deadline that passed while no node ran (or the grain slept) is noticed here, not lost.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (Exists && NextWake is { } wake && await IsArmedForAsync(wake)) _armedFor = wake;
        if (Exists && (State.OverdueAt is not null || Incidents.IsOpen(State) || State.PausedUntil is not null)) await WakeAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the reminder in the table is the one <see cref="ArmAsync"/> would register for this
    /// wake-up: then a fresh activation reads it instead of writing it again (after a restart, a
    /// thousand activations in one second would otherwise be a thousand writes).
    /// </summary>
    private async Task<bool> IsArmedForAsync(DateTimeOffset wake) =>
        await reminders.ReadRow(this.GetGrainId(), OverdueReminder) is { } entry
        && Math.Abs((entry.StartAt - (wake - Lead).UtcDateTime).TotalSeconds) < 1;

    /// <summary>
    /// A tick: at a wake-up, or a period later. The reminder just ticked, so it exists even if this
    /// activation did not register it: when nothing is due any more it goes, at the tick after the
    /// wake-up. Not at the wake-up itself: when many deadlines fall in one second, their notices
    /// come first, and the reminders' deletes a minute later.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await WakeReportingFaultsAsync(CancellationToken.None);
        var atTheWakeUp = status.CurrentTickTime - status.FirstTickTime < status.Period / 2;
        if (atTheWakeUp || (Exists && NextWake is not null)) return;
        if (await this.GetReminder(OverdueReminder) is { } reminder) await this.UnregisterReminder(reminder);
        _armedFor = null;
    }

    public async Task<RecordOutcome> RecordRunAsync(RunReport sent, CancellationToken cancellationToken = default)
    {
        var (arrived, ahead) = sent.EndingBy(Now);
        if (BackupJobTransitions.IsRepeat(State, arrived))
        {
            // Armed here too: a report whose run committed and whose reminder then failed to register
            // (the database went away in between) is sent again, and must not leave the deadline unwatched.
            await ArmAsync();
            return RecordOutcome.Repeat;
        }

        var outcome = await ChangeAsync(async db =>
        {
            var turn = effects.Create(db, Retrying);
            // The state remembers the latest run ids; an older repeat (a report re-sent late) is in
            // the history. A run newer than all of them needs no lookup, unless the history refused it.
            var mayBeInHistory = Retrying || !BackupJobTransitions.IsNewerThanEveryRun(State, arrived);
            if (mayBeInHistory && await turn.IsInHistoryAsync(Key, arrived.RunId, cancellationToken)) return (RecordOutcome.Repeat, false);
            if (!Exists) (await turn.NewJobDefaultsAsync(cancellationToken)).StartWith(State);
            // A success that backed up much less than before is a warning (a drive not mounted); a turn run again starts from the report as sent.
            var report = SizeDrops.Check(State, arrived, SizeDropPercent);
            var now = Now;
            // The escalation policy matters only to an incident: a good run of a healthy job (most runs) reads none.
            var policy = Incidents.IsOpen(State) || BackupJobTransitions.IsBad(report.Status, State.WarningsAreFailures) ? await PolicyAsync(turn, cancellationToken) : [];
            var before = IncidentTimeline.Mark.Of(State);
            var incident = SubscriberRoute.IncidentOutcomes(State);
            var late = BackupJobTransitions.IsLate(State, report);
            var (run, notices) = BackupJobTransitions.RecordRun(State, report, policy, Grace, now);
            string KeyOf(JobNotification notice) => StoredKeys.Fit(DedupKey(notice, run), OutboxMessage.DedupKeyMaxLength);
            var (routed, subscribed) = await RouteToSubscribersAsync(turn, notices, now, KeyOf, cancellationToken, incident);
            var (notifications, route) = await HoldForQuietChannelsAsync(turn, routed, [.. RunRoute.Explain(State, run, routed, late, KeyOf), .. subscribed], now, cancellationToken);
            turn.AddRunToHistory(Key, run, now, route);
            turn.AddToTimeline(Key, IncidentTimeline.Changes(before, State, policy, now, byRun: true));
            if (ahead >= TimelineEntry.ClockAheadWorthSaying) turn.AddToTimeline(Key, [TimelineEntry.ClockAhead(now, report.ServerName, ahead)]);
            await ApplyDetectedScheduleAsync(turn, run, cancellationToken);
            foreach (var notification in notifications)
                await turn.NotifyAsync(Key, notification, State.NoticeTimeZone, State.Notes, DedupKey(notification, run), cancellationToken);
            return (RecordOutcome.Recorded, true);
        }, cancellationToken);
        await ArmAfterCommitAsync();
        return outcome;
    }

    public async Task RecordStartAsync(string serverName, string jobName, DateTimeOffset at, string? runId = null, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(async db =>
        {
            var turn = effects.Create(db);
            if (!Exists) (await turn.NewJobDefaultsAsync(cancellationToken)).StartWith(State);
            var now = Now;
            var before = IncidentTimeline.Mark.Of(State);
            BackupJobTransitions.ApplyStart(State, serverName, jobName, at, now, runId);
            Pauses.EndWithReport(State, Grace, now);
            OverdueTransitions.Reschedule(State, Grace, now); // a maximum duration counts from here
            turn.AddToTimeline(Key, IncidentTimeline.Changes(before, State, [], now));
            return (true, true);
        }, cancellationToken);
        await ArmAfterCommitAsync();
    }

    public async Task RecordLogAsync(string serverName, string jobName, string text, CancellationToken cancellationToken = default)
    {
        var isNew = !Exists;
        await ChangeAsync(async db =>
        {
            var turn = effects.Create(db);
            if (!Exists)
            {
                // Set up as by a first start: the defaults for new jobs, the names as the script wrote them.
                (await turn.NewJobDefaultsAsync(cancellationToken)).StartWith(State);
                (State.ServerName, State.JobName) = (serverName.Trim(), jobName.Trim());
            }

            turn.AddToTimeline(Key, [new TimelineEntry(Now, TimelineEntry.LogKind, text)]);
            return (true, true);
        }, cancellationToken);
        if (isNew) await ArmAfterCommitAsync();
    }

    public Task<BackupJobSnapshot?> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Exists ? BackupJobSnapshot.From(Key, State) : null);

    public async Task<bool> ChangeSettingsAsync(JobSettings settings, string? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        if (!Exists) throw new InvalidOperationException($"No backup job {Key}.");
        var changed = await ChangeAsync(db =>
        {
            // Inside the turn (and again if the turn is replayed): the version cannot change before the write.
            if (expectedVersion is not null && expectedVersion != JobSettings.Of(State).Version) return Task.FromResult((false, false));
            Apply(settings, effects.Create(db));
            return Task.FromResult((true, true));
        }, cancellationToken);
        if (changed) await ArmAsync();
        return changed;
    }

    public async Task<bool> PrepareAsync(string serverName, string jobName, JobSettings settings, CancellationToken cancellationToken = default)
    {
        var prepared = await ChangeAsync(db =>
        {
            if (Exists) return Task.FromResult((false, false));
            // Names as the script wrote them, until the first report brings the tool's own.
            State.ServerName = serverName.Trim();
            State.JobName = jobName.Trim();
            Apply(settings, effects.Create(db));
            return Task.FromResult((true, true));
        }, cancellationToken);
        if (prepared) await ArmAsync();
        return prepared;
    }

    public async Task<bool> AcknowledgeAsync(string by, string? comment, DateTimeOffset? incident = null, CancellationToken cancellationToken = default)
    {
        var acknowledged = Exists && await ChangeAsync(db =>
        {
            var before = IncidentTimeline.Mark.Of(State);
            var changed = Incidents.Acknowledge(State, by, comment, Now, incident);
            if (changed) effects.Create(db).AddToTimeline(Key, IncidentTimeline.Changes(before, State, [], Now));
            return Task.FromResult((changed, changed));
        }, cancellationToken);
        if (acknowledged) await ArmAsync();
        return acknowledged;
    }

    public async Task<bool> AcceptSizeAsync(string by, CancellationToken cancellationToken = default) =>
        Exists && await ChangeAsync(db =>
        {
            if (SizeDrops.Fall(State.SizeBaselineBytes, State.FileCountBaseline, State.LastSizeBytes, State.LastFileCount, SizeDropPercent) is null)
                return Task.FromResult((false, false));
            var figures = string.Join(", ", new[] { State.LastSizeBytes is { } size ? Format.Bytes(size) : null, State.LastFileCount is { } count ? $"{Format.Count(count)} files" : null }.OfType<string>());
            SizeDrops.Accept(State);
            effects.Create(db).AddToTimeline(Key, [new TimelineEntry(Now, TimelineEntry.SizeKind, $"{by} took {figures} as the job's size: later runs are compared with it.")]);
            return Task.FromResult((true, true));
        }, cancellationToken);

    public async Task<bool> PauseAsync(string by, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        if (!Exists) return false;
        var end = until is { } at ? Instants.AsStored(at.ToUniversalTime()) : (DateTimeOffset?)null;
        await ChangeAsync(db =>
        {
            var now = Now;
            var before = IncidentTimeline.Mark.Of(State);
            Pauses.Pause(State, by, end, Grace, now);
            effects.Create(db).AddToTimeline(Key, IncidentTimeline.Changes(before, State, [], now));
            return Task.FromResult((true, true));
        }, cancellationToken);
        await ArmAsync();
        return true;
    }

    public async Task<bool> ResumeAsync(string by, CancellationToken cancellationToken = default)
    {
        var resumed = Exists && await ChangeAsync(db =>
        {
            var now = Now;
            var before = IncidentTimeline.Mark.Of(State);
            var changed = Pauses.Resume(State, Grace, now);
            if (changed) effects.Create(db).AddToTimeline(Key, IncidentTimeline.Changes(before, State, [], now, by: by));
            return Task.FromResult((changed, changed));
        }, cancellationToken);
        if (resumed) await ArmAsync();
        return resumed;
    }

    /// <summary>
    /// A job nobody gave a schedule takes the one its runs show, once they show one clearly, when
    /// the setting asks for it. Only once: a schedule set (or removed) by a person is theirs.
    /// </summary>
    private async Task ApplyDetectedScheduleAsync(JobSideEffects turn, RunReport run, CancellationToken cancellationToken)
    {
        if (State.ScheduleSetAt is not null || State.RunCount < ScheduleDetection.MinimumRuns || run.Operation != RunOperation.Backup) return;
        if (!await _applyDetectedSchedules.GetAsync(turn.ApplyDetectedSchedulesAsync, cancellationToken)) return;
        if (await turn.DetectScheduleAsync(Key, run.StartedAt ?? run.EndedAt, cancellationToken) is not { } proposal) return;
        Apply(JobSettings.Of(State) with { Schedule = proposal.Schedule }, turn);
        turn.AddToTimeline(Key, [new TimelineEntry(Now, "schedule", $"Schedule detected and applied: {ScheduleMath.Describe(proposal.Schedule)} ({proposal.Evidence}).")]);
    }

    /// <summary>New settings; removing the schedule can close an overdue incident, which the timeline tells.</summary>
    private void Apply(JobSettings settings, JobSideEffects turn)
    {
        var now = Now;
        var before = IncidentTimeline.Mark.Of(State);
        settings.ApplyTo(State, now);
        OverdueTransitions.Reschedule(State, Grace, now);
        turn.AddToTimeline(Key, IncidentTimeline.Changes(before, State, [], now));
    }

    /// <summary>Ends a pause whose time came, opens an overdue incident whose deadline has passed, repeats notices, escalates; then sets the next wake-up.</summary>
    private async Task WakeAsync(CancellationToken cancellationToken)
    {
        if (!Exists)
        {
            await ArmAsync();
            return;
        }

        await ChangeAsync(async db =>
        {
            var turn = effects.Create(db, Retrying);
            var before = IncidentTimeline.Mark.Of(State);
            var policy = await PolicyAsync(turn, cancellationToken);
            var now = Now;
            Pauses.EndIfDue(State, Grace, now);
            var checkedNotices = OverdueTransitions.Check(State, policy, now);
            // An incident is kept (and on the timeline) even when no channel hears of it.
            if (before == IncidentTimeline.Mark.Of(State)) return (false, false);
            string KeyOf(JobNotification notice) => StoredKeys.Fit(DedupKey(notice, notice.Run), OutboxMessage.DedupKeyMaxLength);
            var (routed, subscribed) = await RouteToSubscribersAsync(turn, checkedNotices, now, KeyOf, cancellationToken);
            var (notices, route) = await HoldForQuietChannelsAsync(turn, routed, [.. RunRoute.ExplainWakeUp(State, routed, KeyOf), .. subscribed], now, cancellationToken);
            // A wake-up that only ended a pause had nobody to tell: its line has no "who was told".
            turn.AddToTimeline(Key, IncidentTimeline.Changes(before, State, policy, now), checkedNotices.Count > 0 ? route : null);
            foreach (var notice in notices)
                await turn.NotifyAsync(Key, notice, State.NoticeTimeZone, State.Notes, DedupKey(notice, notice.Run), cancellationToken);
            return (true, true);
        }, cancellationToken);
        await ArmAsync();
    }

    /// <summary>
    /// The timer's tick at a wake-up; if it fired a moment early, <see cref="ArmAsync"/> sets it
    /// again. Not cancelled by the timer's token: <see cref="KeepTime"/> disposes this timer (which
    /// cancels it) within this very turn, once the wake-up's notices are written.
    /// </summary>
    private Task OnTimerAsync(CancellationToken _)
    {
        _timerFor = null;
        return WakeReportingFaultsAsync(CancellationToken.None);
    }

    private async Task WakeReportingFaultsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WakeAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // The reminder ticks again in a minute and retries; meanwhile somebody should know.
            await faults.ReportAsync($"The overdue check of {Key}", exception);
            throw;
        }
    }

    /// <summary>
    /// Makes each notice's outbox rows unique: a turn replayed after a failed commit, or a reminder
    /// that fires twice, writes the same keys and is refused as a repeat.
    /// </summary>
    private string DedupKey(JobNotification notice, RunReport run) => notice switch
    {
        { EventType: EventTypes.BackupEscalated } => $"escalated:{Key}:{notice.DownSince:O}:{notice.Step}",
        { EventType: EventTypes.BackupOverdue } => $"overdue:{Key}:{notice.DownSince:O}:{State.OverdueNotifiedAt:O}",
        { Repeat: true } => $"failing:{Key}:{notice.DownSince:O}:{State.FailureNotifiedAt:O}",
        { EventType: EventTypes.BackupRecovered, DownSince: { } since } => $"recovered:{Key}:{since:O}",
        _ => $"run:{Key}:{run.RunId}",
    };

    /// <summary>The people subscribed to this job hear of the turn's notices (each by email, or later in a digest), with why (not).</summary>
    private async Task<(IReadOnlyList<JobNotification> Notices, IReadOnlyList<RouteEntry> Entries)> RouteToSubscribersAsync(JobSideEffects turn,
        IReadOnlyList<JobNotification> notices, DateTimeOffset now, Func<JobNotification, string> keyOf, CancellationToken cancellationToken,
        Outcomes incident = Outcomes.None)
    {
        if (notices.Count == 0) return (notices, []);
        var covering = await subscribers.CoveringAsync(State.ServerName, Key, cancellationToken);
        if (covering.Count == 0) return (notices, []);
        var canEmail = await turn.FirstEmailChannelAsync(cancellationToken) is not null;
        return SubscriberRoute.Route(State, Key, notices, covering, canEmail, now, keyOf, incident);
    }

    /// <summary>Channels in their quiet hours hold what is not urgent for their digest; the "why" says until when.</summary>
    private async Task<(IReadOnlyList<JobNotification> Notices, IReadOnlyList<RouteEntry> Entries)> HoldForQuietChannelsAsync(JobSideEffects turn,
        IReadOnlyList<JobNotification> notices, IReadOnlyList<RouteEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!notices.Any(n => n.ChannelIds.Count > 0)) return (notices, entries);
        var quiet = await _channelQuietHours.GetAsync(turn.ChannelQuietHoursAsync, cancellationToken);
        // Holding is judged by the hours as they are (a copy at most a second old): an admin who has
        // just shortened or removed them wants what comes now sent, not held until the end a copy
        // of up to 30 s says. Sending needs no such care: hours just added hold from the next read.
        if (quiet.IsQuietAt(now)) quiet = await _channelQuietHours.GetAsync(turn.ChannelQuietHoursAsync, cancellationToken, maxAge: TimeSpan.FromSeconds(1));

        return quiet.Hold(notices, entries, now);
    }

    /// <summary>The job's own escalation steps, or the global default.</summary>
    private async Task<IReadOnlyList<EscalationStep>> PolicyAsync(JobSideEffects turn, CancellationToken cancellationToken) =>
        State.Escalation ?? await _defaultPolicy.GetAsync(turn.DefaultEscalationAsync, cancellationToken);

    /// <summary>
    /// Keeps the reminder on the next wake-up, <see cref="Lead"/> early, and a timer on the wake-up
    /// itself once it is that near. Reminders are periodic: it is registered with a one-minute
    /// period, which only matters if a wake-up is missed (the node went down, the timer's turn
    /// failed); each wake-up moves it to the next one, or removes it when there is none.
    /// </summary>
    private async Task ArmAsync()
    {
        var next = Exists ? NextWake : null;
        KeepTime(next);
        if (next == _armedFor) return;
        if (next is { } wake)
        {
            var due = wake - Lead - time.GetUtcNow();
            await this.RegisterOrUpdateReminder(OverdueReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, TimeSpan.FromMinutes(1));
        }
        else if (_armedFor is { } armed && armed > time.GetUtcNow())
        {
            // A wake-up that will not be needed (a run came first): its reminder goes now. One that
            // has just fired goes at its next tick (ReceiveReminder).
            if (await this.GetReminder(OverdueReminder) is { } reminder) await this.UnregisterReminder(reminder);
        }

        _armedFor = next;
    }

    /// <summary>How soon a wake-up that could not be set after a report is tried again.</summary>
    public static readonly TimeSpan RearmRetry = TimeSpan.FromSeconds(15);

    private IGrainTimer? _rearm;

    /// <summary>
    /// <see cref="ArmAsync"/> after a report's commit. The run is stored by then, so a failure to
    /// set the wake-up (the reminder table's database gone for a moment) is not the reporter's to
    /// retry: a ping without <c>?rid=</c> sent again would be a second run and a second notice. It is
    /// answered as recorded, logged and reported, and a timer (which keeps the activation alive)
    /// tries again until the wake-up is set.
    /// </summary>
    private async Task ArmAfterCommitAsync()
    {
        try
        {
            await ArmAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await faults.ReportAsync($"Setting the next overdue check of {Key} (its report is stored; retried every {RearmRetry.TotalSeconds:0} s)", exception);
            _rearm ??= this.RegisterGrainTimer(RearmAsync, new GrainTimerCreationOptions(RearmRetry, RearmRetry) { KeepAlive = true });
        }
    }

    private async Task RearmAsync(CancellationToken _)
    {
        await ArmAsync(); // throws again while it cannot: the timer stays
        _rearm?.Dispose();
        _rearm = null;
    }

    /// <summary>A timer at the wake-up, once it is within <see cref="Lead"/>; none otherwise.</summary>
    private void KeepTime(DateTimeOffset? next)
    {
        if (next is not null && next == _timerFor) return; // else a fired timer goes too
        _timer?.Dispose();
        (_timer, _timerFor) = (null, null);
        var due = next - time.GetUtcNow();
        if (due is not { } wait || wait > Lead) return;
        _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        _timerFor = next;
    }

    public async Task FollowDefaultPolicyAsync(CancellationToken cancellationToken = default)
    {
        _defaultPolicy.Forget();
        if (Exists && State.Escalation is null && Incidents.IsOpen(State)) await WakeAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string by, string? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        if (!Exists || (expectedVersion is not null && expectedVersion != JobSettings.Of(State).Version)) return false;
        var runs = State.RunCount;
        await DeleteRowAsync(async (db, ct) =>
        {
            await db.BackupRuns.Where(run => run.JobKey == Key).ExecuteDeleteAsync(ct);
            await db.JobEvents.Where(line => line.JobKey == Key).ExecuteDeleteAsync(ct);
        }, cancellationToken);
        // No wake-up any more: the timer and the reminder go, and the activation with its caches.
        KeepTime(null);
        if (await this.GetReminder(OverdueReminder) is { } reminder) await this.UnregisterReminder(reminder);
        _armedFor = null;
        DeactivateOnIdle();
        // Nothing of the job is left to say what happened to it: the log does.
        logger.LogInformation("Job {Job} deleted by {By}; runs deleted with it: {Runs}", Key, by, runs);
        return true;
    }

    public async Task<int> SendTestAsync(CancellationToken cancellationToken = default)
    {
        if (!Exists) throw new InvalidOperationException($"No backup job {Key}.");
        var channels = State.Assignments.Where(a => a.Enabled).Select(a => a.ChannelId).Distinct().ToList();
        if (channels.Count == 0) return 0;
        var now = time.GetUtcNow();
        var sample = new RunReport
        {
            RunId = $"test-{now.ToUnixTimeMilliseconds()}",
            ServerName = State.ServerName,
            JobName = State.JobName,
            Status = RunStatus.Failure,
            // The job's own last figures where it has them, made-up ones only where it has none: a
            // restic run of 300 ms beside a sample "12m 00s" read as a wrong report.
            StartedAt = now - (State.LastDurationMs is { } lastMs ? TimeSpan.FromMilliseconds(lastMs) : TimeSpan.FromMinutes(12)),
            EndedAt = now,
            SizeBytes = State.LastSizeBytes ?? 1_234_567_890,
            FileCount = State.LastFileCount ?? 4_321,
            ErrorCount = 1,
            ErrorDetails = "This is a test notification from NotifyOrleans; the backup itself is fine.",
        };
        // Only outbox rows: the job's own state does not change.
        await using var db = await Contexts.CreateDbContextAsync(cancellationToken);
        await effects.Create(db).NotifyAsync(Key, new JobNotification(EventTypes.BackupFailure, sample, channels, Test: true), State.NoticeTimeZone, State.Notes, $"test:{Key}:{sample.RunId}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return channels.Count;
    }
}
