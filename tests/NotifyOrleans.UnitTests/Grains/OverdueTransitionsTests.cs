using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>The overdue incident: opened once at the deadline, repeated per period, closed by the next run.</summary>
public sealed class OverdueTransitionsTests
{
    private static readonly Guid Pager = Guid.NewGuid();
    private static readonly Guid Mail = Guid.NewGuid();
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(30);
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<EscalationStep> NoPolicy = [];
    private static readonly IReadOnlySet<Guid> NoneTold = new HashSet<Guid>();

    private static BackupJobState Daily(long? repeatMs = null) => new()
    {
        ServerName = "nas-01",
        JobName = "Documents",
        FirstSeenAt = Start.AddDays(-30),
        LastRunAt = Start,
        Status = RunStatus.Success,
        Schedule = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1)),
        ScheduleSetAt = Start.AddDays(-30),
        OverdueRepeatMs = repeatMs,
        Assignments = [new ChannelAssignment(Pager, NotifyCondition.OnOverdue), new ChannelAssignment(Mail, NotifyCondition.OnFailure)],
    };

    private static RunReport Run(DateTimeOffset at, RunStatus status = RunStatus.Success) =>
        new() { RunId = $"r-{at:O}", ServerName = "nas-01", JobName = "Documents", Status = status, EndedAt = at };

    [Fact]
    public void The_deadline_is_the_next_expected_run_plus_the_grace()
    {
        var state = Daily();

        OverdueTransitions.Reschedule(state, Grace, Start);

        Assert.Equal(Start.AddDays(1), state.ExpectedAt);
        Assert.Equal(Start.AddDays(1) + Grace, state.OverdueAt);
        Assert.Equal(state.OverdueAt, OverdueTransitions.NextWake(state, NoPolicy));
    }

    [Fact]
    public void A_run_that_started_on_time_serves_its_slot_while_it_runs_and_its_maximum_duration_is_its_limit()
    {
        var state = Daily();
        state.Schedule = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1), At: new TimeOnly(5, 30), TimeZone: "UTC");
        state.LastRunAt = new DateTimeOffset(2026, 11, 23, 5, 40, 0, TimeSpan.Zero);
        state.LastDurationMs = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;
        state.MaxDurationMs = (long)TimeSpan.FromHours(2).TotalMilliseconds;
        var started = new DateTimeOffset(2026, 11, 24, 5, 30, 0, TimeSpan.Zero);

        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", started, started);
        OverdueTransitions.Reschedule(state, Grace, started);

        // Without the start the slot was due by 06:10 (05:30, ten minutes' run, half an hour's grace).
        Assert.Empty(OverdueTransitions.Check(state, NoPolicy, started.AddHours(1)));
        Assert.Equal(started.AddHours(2), state.OverdueAt);
        Assert.Equal(EventTypes.BackupOverdue, Assert.Single(OverdueTransitions.Check(state, NoPolicy, started.AddHours(2).AddSeconds(1))).EventType);
    }

    [Fact]
    public void A_run_that_hangs_after_its_start_is_overdue_once_the_grace_after_a_usual_run_has_passed_and_the_next_start_does_not_hide_it()
    {
        var state = Daily();
        state.Schedule = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1), At: new TimeOnly(5, 30), TimeZone: "UTC");
        state.LastRunAt = new DateTimeOffset(2026, 11, 23, 5, 40, 0, TimeSpan.Zero);
        state.LastGoodDurationMs = state.LastDurationMs = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;
        var started = new DateTimeOffset(2026, 11, 24, 5, 30, 0, TimeSpan.Zero);

        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", started, started);
        OverdueTransitions.Reschedule(state, Grace, started);
        var early = OverdueTransitions.Check(state, NoPolicy, started.AddMinutes(39));
        var due = OverdueTransitions.Check(state, NoPolicy, started.AddMinutes(40)); // ten minutes' run, half an hour's grace
        var timeline = IncidentTimeline.Changes(IncidentTimeline.Mark.Of(new BackupJobState()), state, NoPolicy, started.AddMinutes(40));
        var nextNight = started.AddDays(1);
        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", nextNight, nextNight); // cron starts the next run, the first still hangs
        OverdueTransitions.Reschedule(state, Grace, nextNight);

        Assert.Empty(early);
        var notice = Assert.Single(due);
        Assert.Equal((EventTypes.BackupOverdue, started, started.AddMinutes(40)), (notice.EventType, notice.RunningSince, notice.ExpectedAt));
        Assert.Contains(timeline, e => e.Kind == "overdue" && e.Text.StartsWith("Overdue: a run started at", StringComparison.Ordinal));
        Assert.Equal(started.AddMinutes(40), state.OverdueSince); // the incident stays open until a run ends
    }

    [Fact]
    public void Without_a_schedule_only_a_maximum_duration_limits_a_started_run()
    {
        var state = Daily();
        state.Schedule = JobSchedule.None;
        var started = Start.AddHours(1);

        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", started, started);
        OverdueTransitions.Reschedule(state, Grace, started);
        var unlimited = state.OverdueAt;
        state.MaxDurationMs = (long)TimeSpan.FromHours(6).TotalMilliseconds;
        OverdueTransitions.Reschedule(state, Grace, started);

        Assert.Null(unlimited);
        Assert.Equal(started.AddHours(6), state.OverdueAt);
    }

    [Fact]
    public void A_failure_that_stopped_at_once_does_not_shorten_the_time_the_next_run_is_given()
    {
        var state = Daily();
        state.Schedule = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1), At: new TimeOnly(5, 30), TimeZone: "UTC");
        var slot = new DateTimeOffset(2026, 11, 25, 5, 30, 0, TimeSpan.Zero); // after the job's last run
        Report(slot, TimeSpan.FromMinutes(75), RunStatus.Success);
        Report(slot.AddDays(1), TimeSpan.FromSeconds(2), RunStatus.Failure); // the source folder was missing

        Assert.Equal(slot.AddDays(2).AddMinutes(75) + Grace, state.OverdueAt);

        void Report(DateTimeOffset started, TimeSpan took, RunStatus status) => BackupJobTransitions.RecordRun(state,
            Run(started + took, status) with { StartedAt = started }, NoPolicy, Grace, started + took);
    }

    [Fact]
    public void Nothing_happens_before_the_deadline_and_one_notice_at_it_to_the_overdue_channels_only()
    {
        var state = Daily();
        OverdueTransitions.Reschedule(state, Grace, Start);

        var early = OverdueTransitions.Check(state, NoPolicy, state.OverdueAt!.Value.AddSeconds(-1));
        var due = OverdueTransitions.Check(state, NoPolicy, state.OverdueAt.Value.AddSeconds(1));
        var again = OverdueTransitions.Check(state, NoPolicy, state.OverdueAt.Value.AddHours(5));

        Assert.Empty(early);
        var notice = Assert.Single(due);
        Assert.Equal((EventTypes.BackupOverdue, Pager), (notice.EventType, Assert.Single(notice.ChannelIds)));
        Assert.Equal(Start.AddDays(1), notice.ExpectedAt);
        Assert.Empty(again); // no repeat configured
        Assert.Null(OverdueTransitions.NextWake(state, NoPolicy));
    }

    [Fact]
    public void A_notice_repeats_once_per_period_while_the_job_stays_overdue()
    {
        var state = Daily(repeatMs: (long)TimeSpan.FromHours(1).TotalMilliseconds);
        OverdueTransitions.Reschedule(state, Grace, Start);
        var deadline = state.OverdueAt!.Value;

        var first = OverdueTransitions.Check(state, NoPolicy, deadline);
        var tooSoon = OverdueTransitions.Check(state, NoPolicy, deadline.AddMinutes(59));
        var repeat = OverdueTransitions.Check(state, NoPolicy, deadline.AddMinutes(61));

        Assert.Single(first);
        Assert.Empty(tooSoon);
        Assert.Single(repeat);
        Assert.Equal(deadline.AddMinutes(121), OverdueTransitions.NextWake(state, NoPolicy));
    }

    [Fact]
    public void A_good_run_closes_the_incident_with_one_recovery_to_those_told_and_moves_the_deadline()
    {
        var state = Daily();
        OverdueTransitions.Reschedule(state, Grace, Start);
        OverdueTransitions.Check(state, NoPolicy, state.OverdueAt!.Value);
        var run = Run(Start.AddDays(1).AddHours(3));
        state.LastRunAt = run.EndedAt;

        var recovered = Incidents.Recover(state, run, NoPolicy, NoneTold);
        OverdueTransitions.Reschedule(state, Grace, run.EndedAt);

        var notice = Assert.Single(recovered);
        Assert.Equal((EventTypes.BackupRecovered, Pager), (notice.EventType, Assert.Single(notice.ChannelIds)));
        Assert.Equal(Start.AddDays(1) + Grace, notice.DownSince);
        Assert.Null(state.OverdueSince);
        Assert.Equal(run.EndedAt.AddDays(1) + Grace, state.OverdueAt);
        Assert.Empty(Incidents.Recover(state, run, NoPolicy, NoneTold)); // once
    }

    [Fact]
    public void Acknowledging_stops_the_repeats_of_this_incident_only()
    {
        var state = Daily(repeatMs: (long)TimeSpan.FromHours(1).TotalMilliseconds);
        OverdueTransitions.Reschedule(state, Grace, Start);
        var deadline = state.OverdueAt!.Value;
        OverdueTransitions.Check(state, NoPolicy, deadline);

        var acknowledged = Incidents.Acknowledge(state, "ada@example.test", " on it ", deadline.AddMinutes(5));
        var twice = Incidents.Acknowledge(state, "max@example.test", null, deadline.AddMinutes(6));
        var repeat = OverdueTransitions.Check(state, NoPolicy, deadline.AddHours(3));
        var next = Run(deadline.AddHours(4));
        state.LastRunAt = next.EndedAt;
        Incidents.Recover(state, next, NoPolicy, NoneTold);
        OverdueTransitions.Reschedule(state, Grace, next.EndedAt);
        var newIncident = OverdueTransitions.Check(state, NoPolicy, state.OverdueAt!.Value);

        Assert.True(acknowledged);
        Assert.False(twice);
        Assert.Empty(repeat);
        Assert.Single(newIncident); // after a recovery, a missed deadline is news again
        Assert.Null(state.AcknowledgedAt);
        Assert.False(Incidents.Acknowledge(new BackupJobState(), "ada@example.test", null, Start)); // nothing open
    }

    [Fact]
    public void An_acknowledgement_keeps_who_when_and_what_they_said()
    {
        var state = Daily(repeatMs: 3_600_000);
        OverdueTransitions.Reschedule(state, Grace, Start);
        OverdueTransitions.Check(state, NoPolicy, state.OverdueAt!.Value);

        Incidents.Acknowledge(state, "ada@example.test", " disk swapped, rerunning ", Start.AddDays(2));

        Assert.Equal(("ada@example.test", Start.AddDays(2), "disk swapped, rerunning"), (state.AcknowledgedBy, state.AcknowledgedAt, state.AcknowledgeComment));
        Assert.Null(OverdueTransitions.NextWake(state, NoPolicy));
    }

    [Theory]
    [InlineData(1)] // the failure alerts: the failure channel is told too
    [InlineData(3)] // the first of three failures does not alert, and does not end the incident either
    public void A_failed_run_keeps_the_overdue_incident_open_and_its_recovery_reaches_the_overdue_channels(int failuresBeforeAlert)
    {
        var state = Daily();
        state.FailuresBeforeAlert = failuresBeforeAlert;
        OverdueTransitions.Reschedule(state, Grace, Start);
        var deadline = state.OverdueAt!.Value;
        OverdueTransitions.Check(state, NoPolicy, deadline);
        var failed = Run(Start.AddDays(2), RunStatus.Failure);
        BackupJobTransitions.RecordRun(state, failed, NoPolicy, Grace, failed.EndedAt);

        Assert.Null(state.OverdueSince);
        Assert.Equal(deadline, state.IncidentSince); // the same incident, down since the deadline
        var good = Run(Start.AddDays(3));
        var (_, notices) = BackupJobTransitions.RecordRun(state, good, NoPolicy, Grace, good.EndedAt);

        // The run's own Recovered notice (to the channels its failure reached) and the incident's, to the rest of those told.
        var recovered = notices.Where(n => n.EventType == EventTypes.BackupRecovered).ToList();
        var toldOfTheEnd = recovered.SelectMany(n => n.ChannelIds).ToHashSet();
        Assert.Equal(failuresBeforeAlert == 1 ? new HashSet<Guid> { Pager, Mail } : [Pager], toldOfTheEnd);
        Assert.Equal(toldOfTheEnd.Count, recovered.Sum(n => n.ChannelIds.Count)); // each once
        Assert.All(recovered, n => Assert.Equal(deadline, n.DownSince));
        Assert.Null(state.IncidentSince);
    }

    [Fact]
    public void A_job_that_ran_on_schedule_is_never_flagged()
    {
        var state = Daily();
        var now = Start;
        for (var day = 1; day <= 60; day++)
        {
            OverdueTransitions.Reschedule(state, Grace, now);
            now = Start.AddDays(day).AddMinutes(day % 7 * 3); // a few minutes late, some days
            Assert.Empty(OverdueTransitions.Check(state, NoPolicy, now));
            state.LastRunAt = now;
            Assert.Empty(Incidents.Recover(state, Run(now), NoPolicy, NoneTold));
        }
    }

    [Fact]
    public void A_job_that_never_reported_is_overdue_once_its_first_expected_run_and_grace_pass()
    {
        var state = Daily();
        state.LastRunAt = null;
        state.ScheduleSetAt = Start;

        OverdueTransitions.Reschedule(state, Grace, Start);

        Assert.Equal(Start.AddDays(1) + Grace, state.OverdueAt);
        Assert.Single(OverdueTransitions.Check(state, NoPolicy, Start.AddDays(2)));
    }

    [Fact]
    public void Removing_the_schedule_closes_an_incident_silently()
    {
        var state = Daily();
        OverdueTransitions.Reschedule(state, Grace, Start);
        OverdueTransitions.Check(state, NoPolicy, state.OverdueAt!.Value);
        state.Schedule = JobSchedule.None;

        OverdueTransitions.Reschedule(state, Grace, Start.AddDays(3));

        Assert.Equal((null, null, null), (state.OverdueAt, state.OverdueSince, OverdueTransitions.NextWake(state, NoPolicy)));
    }
}
