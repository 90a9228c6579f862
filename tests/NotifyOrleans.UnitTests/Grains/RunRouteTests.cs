using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>"Why was I (not) notified?" for a run: each channel and person, the decision, and the reason in words.</summary>
public sealed class RunRouteTests
{
    private static readonly Guid Chat = Guid.NewGuid(), Pager = Guid.NewGuid(), Off = Guid.NewGuid(), Watch = Guid.NewGuid(), Boss = Guid.NewGuid();
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static int _runs;

    private static BackupJobState Job() => new()
    {
        ServerName = "nas-01",
        JobName = "Documents",
        FirstSeenAt = Start.AddDays(-30),
        Schedule = JobSchedule.None,
        FailuresBeforeAlert = 2,
        Assignments =
        [
            new ChannelAssignment(Chat, NotifyCondition.OnSuccess),
            new ChannelAssignment(Pager, NotifyCondition.OnFailure),
            new ChannelAssignment(Off, NotifyCondition.Always, Enabled: false),
            new ChannelAssignment(Watch, NotifyCondition.OnOverdue),
        ],
    };

    private static (RunReport Run, IReadOnlyList<RouteEntry> Route) Record(BackupJobState state, DateTimeOffset at, RunStatus status, IReadOnlyList<EscalationStep>? policy = null)
    {
        var report = new RunReport { RunId = $"r-{Interlocked.Increment(ref _runs)}", ServerName = "nas-01", JobName = "Documents", Status = status, EndedAt = at };
        var late = state.LastRunAt is { } newest && at < newest;
        var (run, notices) = BackupJobTransitions.RecordRun(state, report, policy ?? [], TimeSpan.FromMinutes(30), at);
        return (run, RunRoute.Explain(state, run, notices, late, notice => $"key:{notice.EventType}"));
    }

    private static RouteEntry For(IReadOnlyList<RouteEntry> route, Guid channel, bool told = true) => route.Single(e => e.ChannelId == channel && e.Told == told);

    [Fact]
    public void A_missed_run_says_which_channels_heard_of_it_and_why_the_others_did_not()
    {
        var state = Job();
        state.OverdueAt = Start;

        var notices = OverdueTransitions.Check(state, [], Start.AddMinutes(1));
        var route = RunRoute.ExplainWakeUp(state, notices, notice => $"key:{notice.EventType}");

        Assert.Equal(("Overdue notice", "key:backup.overdue"), (For(route, Watch).Why, For(route, Watch).DedupKey));
        Assert.Equal("Not told: it asks for successes, not for missed runs.", For(route, Chat, told: false).Why);
        Assert.Equal("Not told: it asks for failures, not for missed runs.", For(route, Pager, told: false).Why);
        Assert.Equal("Not told: this channel is switched off for the job.", For(route, Off, told: false).Why);
    }

    [Fact]
    public void An_escalation_step_at_a_wake_up_names_its_channel_and_people_and_an_acknowledged_incident_says_so()
    {
        var state = Job();
        state.OverdueAt = Start;
        OverdueTransitions.Check(state, [], Start.AddMinutes(1));
        var policy = new[] { new EscalationStep(TimeSpan.FromMinutes(10), null, [Boss], 1, ["user-1"]) };

        var escalated = RunRoute.ExplainWakeUp(state, OverdueTransitions.Check(state, policy, Start.AddMinutes(12)));
        Incidents.Acknowledge(state, "ops@example.test", null, Start.AddMinutes(13));
        var quiet = RunRoute.ExplainWakeUp(state, []);

        Assert.StartsWith("Escalation step 1", For(escalated, Boss).Why);
        Assert.Equal("escalation", For(escalated, Boss).Condition);
        Assert.StartsWith("Escalation step 1", escalated.Single(e => e.UserId == "user-1").Why);
        Assert.Equal("Not told: it heard of this incident already, and no repeat was due.", For(escalated, Watch, told: false).Why);
        Assert.Equal("Not told: the incident was acknowledged by ops@example.test.", For(quiet, Watch, told: false).Why);
    }

    [Fact]
    public void A_run_imported_as_history_says_so_for_every_channel()
    {
        var state = Job();
        var report = new RunReport { RunId = "old-1", ServerName = "nas-01", JobName = "Documents", Status = RunStatus.Failure, EndedAt = Start.AddDays(-40), History = true };

        var (run, notices) = BackupJobTransitions.RecordRun(state, report, [], TimeSpan.FromMinutes(30), Start);
        var route = RunRoute.Explain(state, run, notices, late: false);

        Assert.Equal(4, route.Count);
        Assert.All(route, entry => Assert.Equal((false, "Not told: imported as history (?history=true)."), (entry.Told, entry.Why)));
    }

    [Fact]
    public void A_failure_below_the_threshold_says_which_failure_it_was_and_from_which_the_job_alerts()
    {
        var state = Job();

        var (_, first) = Record(state, Start, RunStatus.Failure);
        var (_, second) = Record(state, Start.AddHours(1), RunStatus.Failure);

        Assert.Equal("Not told: failure 1 of 2 in a row; the job alerts from the 2nd.", For(first, Pager, told: false).Why);
        Assert.Equal(("Failure notice", "key:backup.failure"), (For(second, Pager).Why, For(second, Pager).DedupKey));
        Assert.Equal("Not told: it asks for successes, and the run was a failure.", For(second, Chat, told: false).Why);
        Assert.Equal("Not told: this channel is switched off for the job.", For(second, Off, told: false).Why);
        Assert.Equal("Not told: it hears of missed runs only, not of runs.", For(second, Watch, told: false).Why);
    }

    [Fact]
    public void A_recovery_names_the_channels_that_heard_of_the_incident_and_an_escalation_its_people()
    {
        var state = Job();
        IReadOnlyList<EscalationStep> policy = [new(null, 2, [Boss], Priority: 5, Users: ["user-ada"])];
        Record(state, Start, RunStatus.Failure, policy);
        var (_, failed) = Record(state, Start.AddHours(1), RunStatus.Failure, policy);

        var (_, recovered) = Record(state, Start.AddHours(2), RunStatus.Success, policy);

        Assert.Equal(("escalation", "Escalation step 1, urgent priority"), (For(failed, Boss).Condition, For(failed, Boss).Why));
        Assert.Equal("Escalation step 1, urgent priority, by email", failed.Single(e => e.UserId == "user-ada").Why);
        Assert.Equal("Recovered notice (this run ended an incident)", For(recovered, Pager).Why);
        Assert.Equal("Recovered notice (this run ended an incident)", For(recovered, Chat).Why);
        Assert.True(For(recovered, Boss).Told);
        Assert.True(recovered.Single(e => e.UserId == "user-ada").Told);
    }

    [Fact]
    public void A_channel_with_several_conditions_is_one_entry_explained_by_the_condition_that_came_closest()
    {
        var state = Job();
        state.Assignments = [new ChannelAssignment(Pager, NotifyCondition.OnSuccess), new ChannelAssignment(Pager, NotifyCondition.OnFailure), new ChannelAssignment(Pager, NotifyCondition.OnWarning)];

        var (_, first) = Record(state, Start, RunStatus.Failure);
        var (_, second) = Record(state, Start.AddHours(1), RunStatus.Failure);

        var below = Assert.Single(first);
        Assert.Equal(("successes, failures, warnings", false, "Not told: failure 1 of 2 in a row; the job alerts from the 2nd."), (below.Condition, below.Told, below.Why));
        Assert.True(Assert.Single(second).Told);
    }

    [Fact]
    public void A_success_reported_after_a_newer_run_is_not_news_and_says_so()
    {
        var state = Job();
        Record(state, Start.AddHours(5), RunStatus.Success);

        var (_, late) = Record(state, Start, RunStatus.Success);

        Assert.Equal("Not told: a success reported after a newer run is not news.", For(late, Chat, told: false).Why);
    }
}
