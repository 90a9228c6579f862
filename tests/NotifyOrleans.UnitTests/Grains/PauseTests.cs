using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>A paused job's clock stands still: no deadline, repeat or escalation; the pause ends at its time or the next report.</summary>
public sealed class PauseTests
{
    private static readonly Guid Pager = Guid.NewGuid();
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(30);
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<EscalationStep> OneStep = [new EscalationStep(TimeSpan.FromHours(1), null, [Pager])];

    /// <summary>Runs daily at 08:00; the last run came at <see cref="Start"/>.</summary>
    private static BackupJobState Daily()
    {
        var state = new BackupJobState
        {
            ServerName = "nas-01",
            JobName = "Documents",
            FirstSeenAt = Start.AddDays(-30),
            LastRunAt = Start,
            Status = RunStatus.Success,
            Schedule = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1)),
            ScheduleSetAt = Start.AddDays(-30),
            FailureRepeatMs = (long)TimeSpan.FromHours(1).TotalMilliseconds,
            Assignments = [new ChannelAssignment(Pager, NotifyCondition.OnOverdue), new ChannelAssignment(Pager, NotifyCondition.OnFailure)],
        };
        OverdueTransitions.Reschedule(state, Grace, Start);
        return state;
    }

    private static RunReport Run(DateTimeOffset at, RunStatus status = RunStatus.Success) =>
        new() { RunId = $"r-{at:O}", ServerName = "nas-01", JobName = "Documents", Status = status, EndedAt = at };

    [Fact]
    public void A_paused_job_has_no_deadline_and_a_passed_one_opens_no_incident()
    {
        var state = Daily();
        var deadline = state.OverdueAt!.Value;

        Pauses.Pause(state, "ann@example.com", until: null, Grace, Start.AddHours(1));

        Assert.Null(state.OverdueAt);
        Assert.Null(OverdueTransitions.NextWake(state, OneStep)); // nothing to wake for: the next report ends it
        Assert.Empty(OverdueTransitions.Check(state, OneStep, deadline.AddDays(3)));
        Assert.Null(state.OverdueSince);
    }

    [Fact]
    public void Pausing_an_overdue_job_closes_its_overdue_incident_without_a_notice_and_the_timeline_says_why()
    {
        var state = Daily();
        var deadline = state.OverdueAt!.Value;
        Assert.Single(OverdueTransitions.Check(state, OneStep, deadline));
        var before = IncidentTimeline.Mark.Of(state);

        Pauses.Pause(state, "ann@example.com", Start.AddDays(7), Grace, deadline.AddHours(1));

        Assert.Null(state.OverdueSince);
        var lines = IncidentTimeline.Changes(before, state, OneStep, deadline.AddHours(1));
        Assert.Equal(["paused", "closed"], lines.Select(l => l.Kind));
        Assert.Equal("Monitoring paused by ann@example.com until 2026-12-01 08:00 UTC.", lines[0].Text);
        Assert.Equal("Incident closed: monitoring is paused.", lines[1].Text);
    }

    [Fact]
    public void A_failing_job_paused_gets_no_repeats_or_escalation_until_it_resumes()
    {
        var state = Daily();
        BackupJobTransitions.RecordRun(state, Run(Start.AddDays(1), RunStatus.Failure), OneStep, Grace, Start.AddDays(1));
        Assert.NotNull(state.FailingSince);
        var pausedAt = Start.AddDays(1).AddMinutes(10);

        Pauses.Pause(state, "ann@example.com", pausedAt.AddHours(4), Grace, pausedAt);

        Assert.Equal(pausedAt.AddHours(4), OverdueTransitions.NextWake(state, OneStep)); // only the pause's end
        Assert.Empty(OverdueTransitions.Check(state, OneStep, pausedAt.AddHours(2)));
        Assert.Equal(0, state.EscalationsFired);
        Assert.NotNull(state.FailingSince); // still failing: the next good run is a recovery
    }

    [Fact]
    public void A_pause_ends_at_its_time_and_the_next_deadline_counts_from_then_not_from_the_last_run()
    {
        var state = Daily();
        var end = Start.AddDays(5);
        Pauses.Pause(state, "ann@example.com", end, Grace, Start.AddHours(1));

        Assert.False(Pauses.EndIfDue(state, Grace, end.AddSeconds(-1)));
        var before = IncidentTimeline.Mark.Of(state);
        Assert.True(Pauses.EndIfDue(state, Grace, end));

        Assert.False(Pauses.IsPaused(state));
        // The last run was five days ago: without counting from the end, the job would be overdue at once.
        Assert.Equal(end.AddDays(1) + Grace, state.OverdueAt);
        Assert.Empty(OverdueTransitions.Check(state, OneStep, end.AddHours(1)));
        Assert.Equal("Monitoring resumed: the pause ended.", Assert.Single(IncidentTimeline.Changes(before, state, OneStep, end)).Text);
    }

    [Fact]
    public void A_pause_without_an_end_ends_with_the_next_run_which_is_notified_as_usual()
    {
        var state = Daily();
        Pauses.Pause(state, "ann@example.com", until: null, Grace, Start.AddHours(1));
        var before = IncidentTimeline.Mark.Of(state);

        var (_, notices) = BackupJobTransitions.RecordRun(state, Run(Start.AddDays(9), RunStatus.Failure), OneStep, Grace, Start.AddDays(9));

        Assert.False(Pauses.IsPaused(state));
        Assert.Equal(EventTypes.BackupFailure, Assert.Single(notices, n => n.ChannelIds.Count > 0).EventType);
        Assert.Equal(Start.AddDays(10) + Grace, state.OverdueAt);
        Assert.Contains(IncidentTimeline.Changes(before, state, OneStep, Start.AddDays(9), byRun: true), l => l.Text == "Monitoring resumed: the job reported again.");
    }

    [Fact]
    public void The_run_that_ends_a_pause_is_on_the_timeline_after_the_resume_it_caused()
    {
        var state = Daily();
        Pauses.Pause(state, "ann@example.com", until: null, Grace, Start.AddHours(1));
        var before = IncidentTimeline.Mark.Of(state);

        BackupJobTransitions.RecordRun(state, Run(Start.AddDays(2), RunStatus.Failure), OneStep, Grace, Start.AddDays(2));

        Assert.Equal(["resumed", "failing"], IncidentTimeline.Changes(before, state, OneStep, Start.AddDays(2), byRun: true).Select(l => l.Kind));
    }

    [Fact]
    public void Pausing_a_paused_job_changes_its_end_and_says_so_and_a_short_pause_ends_to_the_second()
    {
        var state = Daily();
        var now = Start.AddHours(1);
        Pauses.Pause(state, "ann@example.com", until: null, Grace, now);
        var before = IncidentTimeline.Mark.Of(state);

        Pauses.Pause(state, "bob@example.com", now.AddSeconds(30), Grace, now);

        Assert.Equal(now, state.PausedAt); // paused since the first
        Assert.Equal("Pause changed by bob@example.com: now until 2026-11-24 09:00:30 UTC.", Assert.Single(IncidentTimeline.Changes(before, state, OneStep, now)).Text);
    }

    [Fact]
    public void A_pause_with_an_end_lasts_through_runs_which_are_still_notified()
    {
        var state = Daily();
        Pauses.Pause(state, "ann@example.com", Start.AddDays(7), Grace, Start.AddHours(1));

        var (_, notices) = BackupJobTransitions.RecordRun(state, Run(Start.AddDays(2), RunStatus.Failure), OneStep, Grace, Start.AddDays(2));

        Assert.True(Pauses.IsPaused(state));
        Assert.Null(state.OverdueAt);
        Assert.Equal(EventTypes.BackupFailure, Assert.Single(notices, n => n.ChannelIds.Count > 0).EventType);
    }

    [Fact]
    public void Resuming_by_hand_names_who_and_a_job_not_paused_has_nothing_to_resume()
    {
        var state = Daily();
        Assert.False(Pauses.Resume(state, Grace, Start.AddHours(1)));
        Pauses.Pause(state, "ann@example.com", Start.AddDays(7), Grace, Start.AddHours(1));
        var before = IncidentTimeline.Mark.Of(state);

        Assert.True(Pauses.Resume(state, Grace, Start.AddHours(2)));

        Assert.Equal(Start.AddHours(2).AddDays(1) + Grace, state.OverdueAt); // an interval counts from the resume, as from a schedule newly set
        Assert.Equal("Monitoring resumed by bob@example.com.", Assert.Single(IncidentTimeline.Changes(before, state, OneStep, Start.AddHours(2), by: "bob@example.com")).Text);
    }

    [Theory]
    [InlineData(-1, "The end of a pause must be in the future.")]
    [InlineData(0, "The end of a pause must be in the future.")]
    [InlineData(367 * 24, "A pause ends within 366 days; leave the end out to pause until the job reports again.")]
    public void An_end_in_the_past_or_more_than_a_year_ahead_is_refused(int hoursAhead, string problem)
    {
        var state = Daily();

        Assert.Equal(problem, Pauses.Problem(Start.AddHours(hoursAhead), Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pauses.Pause(state, "ann", Start.AddHours(hoursAhead), Grace, Start));
        Assert.False(Pauses.IsPaused(state));
        Assert.Null(Pauses.Problem(Start.AddDays(366), Start));
    }
}
