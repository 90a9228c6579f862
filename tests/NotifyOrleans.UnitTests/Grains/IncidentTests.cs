using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>Incidents beyond a missed deadline: failures in a row, failure repeats, escalation, acknowledgement, runs that never finish.</summary>
public sealed class IncidentTests
{
    private static readonly Guid Everything = Guid.NewGuid();
    private static readonly Guid OnCall = Guid.NewGuid();
    private static readonly Guid Pager = Guid.NewGuid();
    private static readonly Guid Boss = Guid.NewGuid();
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(30);
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<EscalationStep> NoPolicy = [];
    private static int _runs;

    private static BackupJobState Job(int failuresBeforeAlert = 1, long? failureRepeatMs = null, bool daily = false) => new()
    {
        ServerName = "nas-01",
        JobName = "Documents",
        FirstSeenAt = Start.AddDays(-30),
        LastRunAt = Start,
        Status = RunStatus.Success,
        Schedule = daily ? new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1)) : JobSchedule.None,
        ScheduleSetAt = Start.AddDays(-30),
        FailuresBeforeAlert = failuresBeforeAlert,
        FailureRepeatMs = failureRepeatMs,
        Assignments =
        [
            new ChannelAssignment(Everything, NotifyCondition.Always),
            new ChannelAssignment(OnCall, NotifyCondition.OnFailure),
            new ChannelAssignment(Pager, NotifyCondition.OnOverdue),
        ],
    };

    private static RunReport Run(DateTimeOffset at, RunStatus status = RunStatus.Success) =>
        new() { RunId = $"r-{Interlocked.Increment(ref _runs)}", ServerName = "nas-01", JobName = "Documents", Status = status, EndedAt = at };

    private static IReadOnlyList<JobNotification> Record(BackupJobState state, DateTimeOffset at, RunStatus status = RunStatus.Success, IReadOnlyList<EscalationStep>? policy = null) =>
        BackupJobTransitions.RecordRun(state, Run(at, status), policy ?? NoPolicy, Grace, at).Notifications;

    private static IEnumerable<Guid> Told(IEnumerable<JobNotification> notices, string eventType) =>
        notices.Where(n => n.EventType == eventType).SelectMany(n => n.ChannelIds);

    [Fact]
    public void A_job_that_tells_only_the_first_failure_tells_On_Failure_channels_once_per_incident_and_every_run_to_Always()
    {
        var state = Job(failureRepeatMs: (long)TimeSpan.FromHours(6).TotalMilliseconds);
        state.OnlyFirstFailure = true;

        var first = Record(state, Start.AddHours(1), RunStatus.Failure);
        var second = Record(state, Start.AddHours(2), RunStatus.Failure);
        var secondRoute = RunRoute.Explain(state, Run(Start.AddHours(2), RunStatus.Failure), second, late: false);
        var repeatDue = state.FailureNotifiedAt;
        var recovery = Record(state, Start.AddHours(3));
        var nextIncident = Record(state, Start.AddHours(4), RunStatus.Failure);

        Assert.Equal(new[] { Everything, OnCall }.Order(), Told(first, EventTypes.BackupFailure).Order());
        Assert.Equal([Everything], Told(second, EventTypes.BackupFailure)); // every run, as asked; not On failure
        Assert.True(second.Single().FollowUp);
        Assert.Equal(RunRoute.FollowUpWhy, secondRoute.Single(e => e.ChannelId == OnCall).Why);
        Assert.Equal(Start.AddHours(1), repeatDue); // a repeat counts from the failure that was told
        Assert.Contains(OnCall, Told(recovery, EventTypes.BackupRecovered));
        Assert.Contains(OnCall, Told(nextIncident, EventTypes.BackupFailure)); // a new incident is news again
    }

    [Fact]
    public void Every_copy_of_a_recovery_of_an_acknowledged_incident_says_who_saw_to_it()
    {
        var state = Job();
        Record(state, Start.AddHours(1), RunStatus.Failure);
        Assert.True(Incidents.Acknowledge(state, "ada@example.test", "on it", Start.AddHours(2)));

        var recovery = Record(state, Start.AddHours(3)).Where(n => n.EventType == EventTypes.BackupRecovered).ToList();

        Assert.Equal(2, recovery.Count); // the run's own (Always) and the one to those told of the incident (On failure)
        Assert.Equal(new[] { Everything, OnCall }.Order(), recovery.SelectMany(n => n.ChannelIds).Order());
        Assert.All(recovery, n => Assert.Equal(new Acknowledgement("ada@example.test", Start.AddHours(2)), n.Acknowledged));
    }

    [Fact]
    public void On_failure_channels_hear_only_from_the_nth_failure_in_a_row_and_always_channels_of_every_run()
    {
        var state = Job(failuresBeforeAlert: 3);

        var first = Record(state, Start.AddHours(1), RunStatus.Failure);
        var second = Record(state, Start.AddHours(2), RunStatus.Failure);
        var third = Record(state, Start.AddHours(3), RunStatus.Failure);
        var fourth = Record(state, Start.AddHours(4), RunStatus.Failure);

        Assert.Equal([Everything], Told(first, EventTypes.BackupFailure));
        Assert.Equal([Everything], Told(second, EventTypes.BackupFailure));
        Assert.Equal([Everything, OnCall], Told(third, EventTypes.BackupFailure));
        Assert.Equal([Everything, OnCall], Told(fourth, EventTypes.BackupFailure));
        Assert.Equal(Start.AddHours(3), state.FailingSince);
        Assert.Equal(4, state.ConsecutiveFailures);
    }

    [Fact]
    public void Failures_that_never_reached_the_threshold_end_in_a_plain_success()
    {
        var state = Job(failuresBeforeAlert: 3);
        Record(state, Start.AddHours(1), RunStatus.Failure);
        Record(state, Start.AddHours(2), RunStatus.Failure);

        var success = Record(state, Start.AddHours(3));
        var failureAgain = Record(state, Start.AddHours(4), RunStatus.Failure);

        Assert.Equal(EventTypes.BackupSuccess, Assert.Single(success).EventType);
        Assert.Equal([Everything], Told(failureAgain, EventTypes.BackupFailure)); // the count started again
        Assert.Null(state.FailingSince);
    }

    [Fact]
    public void A_recovery_after_an_alerted_failure_tells_those_who_heard_with_how_long_it_was_down()
    {
        var state = Job();
        Record(state, Start.AddHours(1), RunStatus.Failure);

        var recovered = Record(state, Start.AddHours(7));

        Assert.All(recovered, n => Assert.Equal(EventTypes.BackupRecovered, n.EventType));
        Assert.Equal(new[] { Everything, OnCall }.Order(), recovered.SelectMany(n => n.ChannelIds).Order());
        Assert.All(recovered, n => Assert.Equal(Start.AddHours(1), n.DownSince));
        Assert.Null(state.IncidentSince);
    }

    [Fact]
    public void A_repeat_and_an_escalation_due_together_reach_a_channel_once_and_a_failures_notices_carry_no_figures_of_an_older_run()
    {
        var state = Job(failureRepeatMs: 3_600_000);
        state.LastSizeBytes = 123_456_789; // the last good run's
        state.LastFileCount = 4_242;
        var failedAt = Start.AddHours(1);
        IReadOnlyList<EscalationStep> policy = [new EscalationStep(TimeSpan.FromHours(1), null, [OnCall, Boss])];
        Record(state, failedAt, RunStatus.Failure, policy);

        var due = OverdueTransitions.Check(state, policy, failedAt.AddMinutes(61));

        var repeat = Assert.Single(due, n => n.Repeat);
        var escalation = Assert.Single(due, n => n.EventType == EventTypes.BackupEscalated);
        Assert.Equal([Everything], repeat.ChannelIds); // not OnCall: the escalation tells it, once
        Assert.Equal(new[] { OnCall, Boss }.Order(), escalation.ChannelIds.Order());
        Assert.All(due, n => Assert.Equal((null, null), (n.Run.SizeBytes, n.Run.FileCount))); // not the failure's
        Assert.Null(escalation.ExpectedAt); // a failure's escalation: no next slot passed off as missed
    }

    [Fact]
    public void A_failure_notice_repeats_once_per_period_while_the_job_stays_failed_until_acknowledged()
    {
        var state = Job(failureRepeatMs: 3_600_000);
        var failedAt = Start.AddHours(1);
        Record(state, failedAt, RunStatus.Failure);

        var tooSoon = OverdueTransitions.Check(state, NoPolicy, failedAt.AddMinutes(59));
        var repeat = OverdueTransitions.Check(state, NoPolicy, failedAt.AddMinutes(61));
        var next = OverdueTransitions.NextWake(state, NoPolicy);
        Incidents.Acknowledge(state, "ada@example.test", null, failedAt.AddMinutes(70));
        var afterAcknowledge = OverdueTransitions.Check(state, NoPolicy, failedAt.AddHours(5));

        Assert.Empty(tooSoon);
        var notice = Assert.Single(repeat);
        Assert.Equal((EventTypes.BackupFailure, true, failedAt), (notice.EventType, notice.Repeat, notice.DownSince));
        Assert.Equal(new[] { Everything, OnCall }.Order(), notice.ChannelIds.Order()); // who heard of the failure: On failure, and Always
        Assert.Equal(failedAt.AddMinutes(121), next);
        Assert.Empty(afterAcknowledge);
        Assert.Null(OverdueTransitions.NextWake(state, NoPolicy));
    }

    [Fact]
    public void An_escalation_step_by_time_fires_once_per_incident_with_its_priority()
    {
        var state = Job(daily: true);
        IReadOnlyList<EscalationStep> policy = [new(TimeSpan.FromHours(2), null, [Boss], Priority: 5)];
        OverdueTransitions.Reschedule(state, Grace, Start);
        var deadline = state.OverdueAt!.Value;

        var atDeadline = OverdueTransitions.Check(state, policy, deadline);
        var wake = OverdueTransitions.NextWake(state, policy);
        var early = OverdueTransitions.Check(state, policy, deadline.AddMinutes(119));
        var due = OverdueTransitions.Check(state, policy, deadline.AddHours(2));
        var later = OverdueTransitions.Check(state, policy, deadline.AddHours(9));

        Assert.Equal([EventTypes.BackupOverdue], atDeadline.Select(n => n.EventType));
        Assert.Equal(deadline.AddHours(2), wake);
        Assert.Empty(early);
        var escalated = Assert.Single(due);
        Assert.Equal((EventTypes.BackupEscalated, 5, Boss, deadline), (escalated.EventType, escalated.Priority, Assert.Single(escalated.ChannelIds), escalated.DownSince));
        Assert.Empty(later);
        Assert.Null(OverdueTransitions.NextWake(state, policy));
    }

    [Fact]
    public void An_escalation_step_by_failures_fires_on_the_nth_failure_in_a_row()
    {
        var state = Job();
        IReadOnlyList<EscalationStep> policy = [new(null, 3, [Boss])];

        var second = Record(state, Start.AddHours(1), RunStatus.Failure, policy).Concat(Record(state, Start.AddHours(2), RunStatus.Failure, policy));
        var third = Record(state, Start.AddHours(3), RunStatus.Failure, policy);
        var fourth = Record(state, Start.AddHours(4), RunStatus.Failure, policy);

        Assert.Empty(Told(second, EventTypes.BackupEscalated));
        Assert.Equal([Boss], Told(third, EventTypes.BackupEscalated));
        Assert.Empty(Told(fourth, EventTypes.BackupEscalated));
    }

    [Fact]
    public void Acknowledging_stops_escalation_and_the_recovery_still_reaches_every_channel_that_heard()
    {
        var state = Job(daily: true);
        IReadOnlyList<EscalationStep> policy = [new(TimeSpan.FromHours(1), null, [Boss]), new(TimeSpan.FromHours(4), null, [Boss, OnCall])];
        OverdueTransitions.Reschedule(state, Grace, Start);
        var deadline = state.OverdueAt!.Value;
        OverdueTransitions.Check(state, policy, deadline);
        var first = OverdueTransitions.Check(state, policy, deadline.AddHours(1));

        Assert.True(Incidents.Acknowledge(state, "ada@example.test", "on it", deadline.AddHours(2)));
        var afterAcknowledge = OverdueTransitions.Check(state, policy, deadline.AddHours(5));
        var recovered = Record(state, deadline.AddHours(6), policy: policy);

        Assert.Equal([Boss], Told(first, EventTypes.BackupEscalated));
        Assert.Empty(afterAcknowledge);
        Assert.Equal(new[] { Everything, Pager, Boss }.Order(), Told(recovered, EventTypes.BackupRecovered).Order());
        Assert.All(recovered, n => Assert.Equal(deadline, n.DownSince));
        Assert.Equal((0, null), (state.EscalationsFired, state.AcknowledgedAt));
    }

    [Fact]
    public void An_overdue_job_that_then_fails_stays_one_incident_and_its_next_overdue_notice_says_who_acknowledged_it()
    {
        var state = Job(daily: true);
        OverdueTransitions.Reschedule(state, Grace, Start);
        var deadline = state.OverdueAt!.Value;
        var overdue = Assert.Single(OverdueTransitions.Check(state, NoPolicy, deadline));
        Assert.True(Incidents.Acknowledge(state, "dave@example.test", null, deadline.AddMinutes(5), overdue.DownSince));

        var failure = Record(state, deadline.AddMinutes(10), RunStatus.Failure).Single(n => n.EventType == EventTypes.BackupFailure);
        var nextDeadline = state.OverdueAt!.Value;
        var overdueAgain = Assert.Single(OverdueTransitions.Check(state, NoPolicy, nextDeadline));

        Assert.Equal(deadline, state.IncidentSince); // down since it went overdue, not since the failure
        Assert.True(Incidents.IsThe(overdue.DownSince!.Value, state), "the first notice's link still names the open incident");
        Assert.Equal(new Acknowledgement("dave@example.test", deadline.AddMinutes(5)), failure.Acknowledged);
        Assert.Equal((EventTypes.BackupOverdue, deadline), (overdueAgain.EventType, overdueAgain.DownSince));
        Assert.Equal(new Acknowledgement("dave@example.test", deadline.AddMinutes(5)), overdueAgain.Acknowledged);
    }

    [Fact]
    public void A_step_can_name_people_who_hear_of_the_escalation_and_of_the_recovery()
    {
        var state = Job(daily: true);
        IReadOnlyList<EscalationStep> policy = [new(TimeSpan.FromHours(1), null, [], Priority: 5, Users: ["user-ada", "user-ada", "user-bob"]), new(TimeSpan.FromHours(8), null, [Boss], Users: ["user-cy"])];
        OverdueTransitions.Reschedule(state, Grace, Start);
        var deadline = state.OverdueAt!.Value;
        OverdueTransitions.Check(state, policy, deadline);

        var escalated = Assert.Single(OverdueTransitions.Check(state, policy, deadline.AddHours(1)));
        var recovered = Record(state, deadline.AddHours(2), policy: policy).Where(n => n.EventType == EventTypes.BackupRecovered).ToList();

        Assert.Equal((EventTypes.BackupEscalated, 5), (escalated.EventType, escalated.Priority));
        Assert.Empty(escalated.ChannelIds);
        Assert.Equal(["user-ada", "user-bob"], escalated.Users!);
        // The second step never fired: its person and channel hear nothing of the recovery.
        Assert.Equal(["user-ada", "user-bob"], recovered.SelectMany(n => n.Users ?? []).Order());
        Assert.DoesNotContain(Boss, recovered.SelectMany(n => n.ChannelIds));
    }

    [Fact]
    public void A_link_from_an_older_incident_cannot_acknowledge_the_current_one()
    {
        var state = Job();
        Record(state, Start.AddHours(1), RunStatus.Failure);

        Assert.False(Incidents.Acknowledge(state, "link", null, Start.AddHours(2), incident: Start.AddMinutes(30)));
        Assert.True(Incidents.Acknowledge(state, "link", null, Start.AddHours(2), incident: state.IncidentSince));
    }

    [Fact]
    public void An_overdue_notice_of_a_job_that_was_failing_dates_the_incident_from_the_failure_so_its_link_acknowledges_it()
    {
        var state = Job(daily: true);
        var failedAt = Start.AddHours(1);
        Record(state, failedAt, RunStatus.Failure);

        var overdue = Assert.Single(OverdueTransitions.Check(state, NoPolicy, failedAt.AddDays(2)), n => n.EventType == EventTypes.BackupOverdue);

        Assert.True(state.OverdueSince > failedAt);
        Assert.Equal(failedAt, overdue.DownSince); // down since the failure, not since the deadline
        Assert.True(Incidents.Acknowledge(state, "link", null, failedAt.AddDays(2), incident: overdue.DownSince));
    }

    [Fact]
    public void A_run_that_started_and_never_finished_is_overdue_after_the_maximum_duration()
    {
        var state = Job();
        state.MaxDurationMs = 7_200_000;
        var startedAt = Start.AddDays(1);
        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", startedAt, startedAt);
        OverdueTransitions.Reschedule(state, Grace, startedAt);

        var early = OverdueTransitions.Check(state, NoPolicy, startedAt.AddMinutes(119));
        var due = OverdueTransitions.Check(state, NoPolicy, startedAt.AddHours(2));
        var finished = Record(state, startedAt.AddHours(3));

        Assert.Empty(early);
        var notice = Assert.Single(due);
        Assert.Equal((EventTypes.BackupOverdue, startedAt), (notice.EventType, notice.RunningSince));
        Assert.Equal(startedAt.AddHours(2), notice.ExpectedAt); // to have finished by, not the schedule's next slot
        Assert.Equal(new[] { Everything, Pager }.Order(), notice.ChannelIds.Order());
        Assert.Contains(Pager, Told(finished, EventTypes.BackupRecovered));
        Assert.Null(state.OverdueAt); // no schedule, nothing running: nothing expected
    }

    [Fact]
    public void The_timeline_tells_an_incident_from_start_to_recovery_even_when_no_channel_hears_of_it()
    {
        var state = Job(daily: true);
        state.Assignments = [];
        state.OverdueRepeatMs = 3_600_000;
        IReadOnlyList<EscalationStep> policy = [new(TimeSpan.FromHours(2), null, [Boss], Priority: 5)];
        OverdueTransitions.Reschedule(state, Grace, Start);
        var deadline = state.OverdueAt!.Value;
        var timeline = new List<TimelineEntry>();
        void Turn(DateTimeOffset at, Action change, bool byRun = false)
        {
            var before = IncidentTimeline.Mark.Of(state);
            change();
            timeline.AddRange(IncidentTimeline.Changes(before, state, policy, at, byRun));
        }

        Turn(deadline, () => OverdueTransitions.Check(state, policy, deadline));
        Turn(deadline.AddHours(1), () => OverdueTransitions.Check(state, policy, deadline.AddHours(1)));
        Turn(deadline.AddHours(2), () => OverdueTransitions.Check(state, policy, deadline.AddHours(2)));
        Turn(deadline.AddHours(2.5), () => Incidents.Acknowledge(state, "ada@example.test", "on it", deadline.AddHours(2.5)));
        Turn(deadline.AddHours(3), () => Record(state, deadline.AddHours(3), policy: policy), byRun: true);

        Assert.Equal(["overdue", "repeat", "repeat", "escalated", "acknowledged", "recovered"], timeline.Select(e => e.Kind));
        Assert.Contains("expected 2026-11-25 08:00 UTC", timeline[0].Text);
        Assert.Equal("Escalated (step 1): After 2h: 1 channel, urgent priority.", timeline[3].Text);
        Assert.Equal("Acknowledged by ada@example.test: “on it”", timeline[4].Text);
        Assert.Equal("Recovered after 3h 00m down.", timeline[5].Text);
    }

    [Fact]
    public void A_failure_reported_late_dates_the_incident_from_the_run_and_its_recovery_is_measured_between_the_runs()
    {
        var state = Job();
        state.Assignments = [];
        var failedAt = Start.AddHours(1);
        var recoveredAt = Start.AddHours(2).AddMinutes(5);
        var arrival = Start.AddHours(4); // both reports queued on the machine, sent together later
        var timeline = new List<TimelineEntry>();

        BackupJobTransitions.RecordRun(state, Run(failedAt, RunStatus.Failure), NoPolicy, Grace, arrival);
        var before = IncidentTimeline.Mark.Of(state);
        var recovery = BackupJobTransitions.RecordRun(state, Run(recoveredAt), NoPolicy, Grace, arrival.AddSeconds(1)).Notifications;
        timeline.AddRange(IncidentTimeline.Changes(before, state, NoPolicy, arrival.AddSeconds(1), byRun: true));

        Assert.All(recovery, n => Assert.Equal((EventTypes.BackupRecovered, failedAt), (n.EventType, n.DownSince)));
        Assert.Equal("Recovered after 1h 05m down.", Assert.Single(timeline).Text);
    }

    [Theory]
    [InlineData(RunStatus.Failure)]
    [InlineData(RunStatus.Success)]
    public void A_run_that_ended_before_the_deadline_but_was_reported_after_it_neither_moves_the_incident_nor_measures_a_negative_downtime(RunStatus status)
    {
        var state = Job(daily: true);
        OverdueTransitions.Reschedule(state, Grace, Start);
        var deadline = state.OverdueAt!.Value;
        OverdueTransitions.Check(state, NoPolicy, deadline);
        var before = IncidentTimeline.Mark.Of(state);

        // Ended half an hour before the deadline; its report was queued and came an hour after it.
        BackupJobTransitions.RecordRun(state, Run(deadline.AddMinutes(-30), status), NoPolicy, Grace, deadline.AddHours(1));
        var timeline = IncidentTimeline.Changes(before, state, NoPolicy, deadline.AddHours(1), byRun: true);

        if (status == RunStatus.Failure)
        {
            Assert.Equal(deadline, state.IncidentSince); // the Overdue notice's Acknowledge link names this incident still
            Assert.True(Incidents.IsThe(deadline, state));
        }
        else
        {
            Assert.Null(state.IncidentSince);
            Assert.Equal("Recovered: a run that ended at 2026-11-25 08:00 UTC, before the deadline, was reported late.", Assert.Single(timeline).Text);
        }
    }

    [Fact]
    public void A_recovery_within_seconds_says_so_and_an_incident_closed_without_a_run_is_not_called_a_recovery()
    {
        var failing = Job();
        Record(failing, Start.AddHours(1), RunStatus.Failure);
        var quick = IncidentTimeline.Mark.Of(failing);
        Record(failing, Start.AddHours(1).AddMilliseconds(20));

        var overdue = Job(daily: true);
        OverdueTransitions.Reschedule(overdue, Grace, Start);
        OverdueTransitions.Check(overdue, NoPolicy, overdue.OverdueAt!.Value);
        var unscheduled = IncidentTimeline.Mark.Of(overdue);
        Incidents.Close(overdue); // the schedule was removed

        Assert.Equal("Recovered after 20ms down.",
            Assert.Single(IncidentTimeline.Changes(quick, failing, NoPolicy, Start.AddHours(1), byRun: true)).Text);
        Assert.Equal(("closed", "Incident closed: nothing is expected of the job any more."), // not a recovery: no run came
            Assert.Single(IncidentTimeline.Changes(unscheduled, overdue, NoPolicy, Start.AddDays(2))) is var line ? (line.Kind, line.Text) : default);
    }

    [Fact]
    public void Escalation_by_time_counts_from_when_the_incident_was_told_not_from_a_failure_reported_a_day_late()
    {
        var state = Job();
        IReadOnlyList<EscalationStep> policy = [new(TimeSpan.FromHours(4), null, [Boss])];
        var reportedAt = Start.AddDays(1);

        // A failure that ended at 09:00, queued on a laptop and reported the next day; then the run after it, in the same replay.
        var failure = BackupJobTransitions.RecordRun(state, Run(Start.AddHours(1), RunStatus.Failure), policy, Grace, reportedAt).Notifications;
        var nextWakeUp = Incidents.NextEscalation(state, policy);
        var fourHoursLater = OverdueTransitions.Check(state, policy, reportedAt.AddHours(4));

        Assert.DoesNotContain(failure, n => n.EventType == EventTypes.BackupEscalated); // it escalated at once: nobody could have acknowledged it yet
        Assert.Equal(Start.AddHours(1), state.IncidentSince); // down since the run failed, as the notices say
        Assert.Equal(reportedAt.AddHours(4), nextWakeUp);
        Assert.Contains(fourHoursLater, n => n.EventType == EventTypes.BackupEscalated);
    }

    [Fact]
    public void A_deadline_passed_while_no_node_ran_escalates_hours_after_it_is_told_and_the_next_incident_counts_anew()
    {
        var state = Job(daily: true);
        OverdueTransitions.Reschedule(state, Grace, Start);
        IReadOnlyList<EscalationStep> policy = [new(TimeSpan.FromHours(2), null, [Boss])];
        var wokeAt = state.OverdueAt!.Value.AddHours(10); // every node was down through the deadline

        var overdue = OverdueTransitions.Check(state, policy, wokeAt);
        Record(state, wokeAt.AddHours(1)); // recovers before the step
        Record(state, wokeAt.AddHours(2), RunStatus.Failure);

        Assert.Contains(overdue, n => n.EventType == EventTypes.BackupOverdue);
        Assert.DoesNotContain(overdue, n => n.EventType == EventTypes.BackupEscalated);
        Assert.Equal(wokeAt.AddHours(4), Incidents.NextEscalation(state, policy)); // told again at the failure: two hours from then
    }

    [Theory]
    [InlineData(null, null, "escalation[0]")]
    [InlineData(60, 2, "escalation[0]")]
    [InlineData(null, 0, "escalation[0].afterFailures")]
    [InlineData(-5, null, "escalation[0].after")]
    public void Steps_that_cannot_work_name_their_field(int? afterMinutes, int? afterFailures, string field)
    {
        var step = new EscalationStep(afterMinutes is { } m ? TimeSpan.FromMinutes(m) : null, afterFailures, [Boss]);

        Assert.Equal(field, EscalationStep.Check([step])?.Field);
    }

    [Fact]
    public void A_step_needs_a_channel_or_a_user_and_a_known_priority()
    {
        Assert.Equal("escalation[0].channels", EscalationStep.Check([new(TimeSpan.FromHours(1), null, [])])?.Field);
        Assert.Equal("escalation[0].channels", EscalationStep.Check([new(TimeSpan.FromHours(1), null, [], Users: [])])?.Field);
        Assert.Null(EscalationStep.Check([new(TimeSpan.FromHours(1), null, [], Users: ["user-ada"])]));
        Assert.Equal("escalation[1].priority", EscalationStep.Check([new(TimeSpan.FromHours(1), null, [Boss]), new(null, 2, [Boss], Priority: 9)])?.Field);
        Assert.Null(EscalationStep.Check([new(TimeSpan.FromHours(1), null, [Boss], Priority: 1)]));
    }
}
