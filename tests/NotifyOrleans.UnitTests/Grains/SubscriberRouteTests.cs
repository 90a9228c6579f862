using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>Subscriptions route exactly: the jobs they name, the outcomes they ask for, quiet hours, and why not.</summary>
public sealed class SubscriberRouteTests
{
    private const string Job = "nas-01/documents";
    // 23:00 in Berlin on a Tuesday in winter.
    private static readonly DateTimeOffset LateEvening = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);
    private static readonly QuietHours Nights = new(new TimeOnly(22, 0), new TimeOnly(7, 0), Weekends: false, UrgentComesThrough: true);
    private static int _runs;

    private static BackupJobState State() => new() { ServerName = "nas-01", JobName = "Documents", Schedule = JobSchedule.None, FailuresBeforeAlert = 1 };

    private static Subscriber Person(string id, Outcomes outcomes, SubscriptionScope scope = SubscriptionScope.Server, string? target = "nas-01",
        QuietHours? quiet = null, bool disabled = false) =>
        new(id, $"{id}@example.test", id, disabled, "Europe/Berlin", quiet, [new Subscription(scope, target, outcomes)]);

    private static (IReadOnlyList<JobNotification> Notices, IReadOnlyList<RouteEntry> Entries) Route(BackupJobState state, RunStatus status,
        IReadOnlyList<Subscriber> people, bool canEmail = true, IReadOnlyList<EscalationStep>? policy = null)
    {
        var report = new RunReport { RunId = $"r-{Interlocked.Increment(ref _runs)}", ServerName = "nas-01", JobName = "Documents", Status = status, EndedAt = LateEvening };
        var (_, notices) = BackupJobTransitions.RecordRun(state, report, policy ?? [], TimeSpan.FromMinutes(30), LateEvening);
        return SubscriberRoute.Route(state, Job, notices, people, canEmail, LateEvening, n => $"key:{n.EventType}");
    }

    private static IEnumerable<SubscriberDelivery> Deliveries(IReadOnlyList<JobNotification> notices) => notices.SelectMany(n => n.Subscribers ?? []);

    [Fact]
    public void A_subscriber_hears_of_the_outcomes_they_asked_for_and_is_told_why_not_of_the_others()
    {
        var state = State();
        var ops = Person("ops", Outcomes.Failure | Outcomes.Recovered);

        var failed = Route(state, RunStatus.Failure, [ops]);
        var recovered = Route(state, RunStatus.Success, [ops]);
        var quiet = Route(state, RunStatus.Success, [ops]);

        Assert.Equal("ops@example.test", Assert.Single(Deliveries(failed.Notices)).Email);
        var told = Assert.Single(failed.Entries);
        Assert.True(told.Told);
        Assert.Equal("subscribed to failures, recoveries", told.Condition);
        Assert.Equal("Failure notice, by email", told.Why);
        Assert.Equal("key:backup.failure", told.DedupKey);
        Assert.Single(Deliveries(recovered.Notices)); // the run's recovery and the incident's are one email
        Assert.Empty(Deliveries(quiet.Notices));
        Assert.Equal("Not told: subscribed to failures, recoveries, and this was a success.", Assert.Single(quiet.Entries).Why);
    }

    [Fact]
    public void Someone_who_asked_for_successes_hears_of_the_success_that_ends_an_incident()
    {
        var state = State();
        var successes = Person("bob", Outcomes.Failure | Outcomes.Success);

        Route(state, RunStatus.Failure, [successes]);
        var recovered = Route(state, RunStatus.Success, [successes]);
        var next = Route(state, RunStatus.Success, [successes]);

        Assert.Equal(EventTypes.BackupRecovered, Assert.Single(recovered.Notices, n => n.Subscribers is { Count: > 0 }).EventType);
        Assert.Single(Deliveries(recovered.Notices)); // one email, though the run's and the incident's recovery notices are two
        Assert.Single(Deliveries(next.Notices));
    }

    [Theory]
    [InlineData(SubscriptionScope.AllJobs, null, true)]
    [InlineData(SubscriptionScope.Server, "NAS-01", true)]
    [InlineData(SubscriptionScope.Server, "nas-02", false)]
    [InlineData(SubscriptionScope.Job, "nas-01/documents", true)]
    [InlineData(SubscriptionScope.Job, "nas-01/photos", false)]
    public void A_subscription_covers_exactly_the_jobs_it_names(SubscriptionScope scope, string? target, bool covered)
    {
        var (notices, entries) = Route(State(), RunStatus.Failure, [Person("ops", Outcomes.Failure, scope, target)]);

        Assert.Equal(covered, Deliveries(notices).Any());
        Assert.Equal(covered, entries.Count > 0);
    }

    [Fact]
    public void The_jobs_failures_before_alert_holds_back_a_first_failure_from_subscribers_too()
    {
        var state = State();
        state.FailuresBeforeAlert = 2;

        var (notices, entries) = Route(state, RunStatus.Failure, [Person("ops", Outcomes.Failure)]);

        Assert.Empty(Deliveries(notices));
        Assert.Equal("Not told: failure 1 of 2 in a row; the job alerts from the 2nd.", Assert.Single(entries).Why);
    }

    [Fact]
    public void Quiet_hours_hold_a_warning_for_the_morning_digest_and_let_a_failure_through()
    {
        var state = State();
        var sleeper = Person("sleeper", Outcomes.Failure | Outcomes.Warning, quiet: Nights);

        var warning = Route(state, RunStatus.Warning, [sleeper]);
        var failure = Route(state, RunStatus.Failure, [sleeper]);
        var strict = Route(State(), RunStatus.Failure, [sleeper with { Quiet = Nights with { UrgentComesThrough = false } }]);

        var morning = new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero); // 07:00 in Berlin
        Assert.Equal(morning, Assert.Single(Deliveries(warning.Notices)).HeldUntil);
        Assert.Equal("Warning notice, by email; held by quiet hours until 2026-12-02 06:00 UTC, for the digest", Assert.Single(warning.Entries).Why);
        Assert.Null(Assert.Single(Deliveries(failure.Notices)).HeldUntil);
        Assert.Equal(morning, Assert.Single(Deliveries(strict.Notices)).HeldUntil);
        Assert.True(QuietHours.IsUrgent(EventTypes.BackupOverdue)); // one rule for people and channels
        Assert.False(QuietHours.IsUrgent(EventTypes.BackupRecovered));
    }

    [Fact]
    public void Someone_who_cannot_be_emailed_is_named_with_the_reason()
    {
        var disabled = Route(State(), RunStatus.Failure, [Person("gone", Outcomes.Failure, disabled: true)]);
        var noChannel = Route(State(), RunStatus.Failure, [Person("ops", Outcomes.Failure)], canEmail: false);

        Assert.Empty(Deliveries(disabled.Notices));
        Assert.Equal("Not told: the account is disabled.", Assert.Single(disabled.Entries).Why);
        Assert.Equal("Not told: no Email channel is enabled.", Assert.Single(noChannel.Entries).Why);
    }

    [Fact]
    public void Back_to_normal_goes_to_those_who_asked_for_what_the_problem_was_not_to_someone_never_told_of_it()
    {
        var state = State(); // warnings count as failures: a warning opens an incident
        var failuresOnly = Person("ned", Outcomes.Failure | Outcomes.Overdue | Outcomes.Escalation | Outcomes.Recovered);
        var warnings = Person("wes", Outcomes.Warning | Outcomes.Recovered);
        var report = new RunReport { RunId = "w-1", ServerName = "nas-01", JobName = "Documents", Status = RunStatus.Warning, EndedAt = LateEvening };
        var (_, warned) = BackupJobTransitions.RecordRun(state, report, [], TimeSpan.FromMinutes(30), LateEvening);
        SubscriberRoute.Route(state, Job, warned, [failuresOnly, warnings], true, LateEvening);

        var incident = SubscriberRoute.IncidentOutcomes(state);
        var back = report with { RunId = "s-1", Status = RunStatus.Success, EndedAt = LateEvening.AddHours(1) };
        var (_, recovered) = BackupJobTransitions.RecordRun(state, back, [], TimeSpan.FromMinutes(30), LateEvening.AddHours(1));
        var (notices, entries) = SubscriberRoute.Route(state, Job, recovered, [failuresOnly, warnings], true, LateEvening.AddHours(1), incident: incident);

        Assert.Equal(Outcomes.Warning, incident);
        Assert.Equal(["wes@example.test"], Deliveries(notices).Select(d => d.Email).Distinct());
        Assert.Equal("Not told: the problem it ended was warnings, which they are not subscribed to.", entries.Single(e => e.UserId == "ned").Why);
    }

    [Fact]
    public void A_person_an_escalation_step_names_gets_the_steps_email_alone_for_that_run()
    {
        // A step after the first failure goes out with the failure notice: one email for one run, the step's.
        var step = new EscalationStep(null, 1, [], Priority: 5, Users: ["boss"]);
        var (notices, entries) = Route(State(), RunStatus.Failure, [Person("boss", Outcomes.Failure | Outcomes.Escalation), Person("ops", Outcomes.Failure)], policy: [step]);

        var escalation = notices.Single(n => n.EventType == EventTypes.BackupEscalated);
        Assert.Equal(["boss"], escalation.Users);
        Assert.Null(escalation.Subscribers);
        Assert.Equal(["ops@example.test"], Deliveries(notices).Select(d => d.Email)); // the failure notice, to the other subscriber only
        Assert.Equal("Not told by the subscription: escalation step 1 emails them.", entries.Single(e => e.UserId == "boss").Why);
    }
}

/// <summary>The channels' quiet hours hold what is not urgent for the chosen channels, and the "why" says until when.</summary>
public sealed class ChannelQuietHoursTests
{
    private static readonly Guid Discord = Guid.NewGuid(), Pager = Guid.NewGuid();
    private static readonly DateTimeOffset Night = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero); // 23:00 in Berlin
    private static readonly ChannelQuietHours Quiet = new(new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0), false, UrgentComesThrough: true), "Europe/Berlin", [Discord]);

    private static JobNotification Notice(string eventType) =>
        new(eventType, new RunReport { RunId = "r", ServerName = "nas-01", JobName = "docs", Status = RunStatus.Warning, EndedAt = Night }, [Discord, Pager]);

    [Fact]
    public void A_warning_waits_on_the_quiet_channel_only_and_its_entry_says_until_when()
    {
        var warning = Notice(EventTypes.BackupWarning);
        var entries = new List<RouteEntry> { new(Discord, null, "warnings", true, "Warning notice", EventTypes.BackupWarning), new(Pager, null, "warnings", true, "Warning notice", EventTypes.BackupWarning) };

        var (notices, explained) = Quiet.Hold([warning], entries, Night);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero), Assert.Single(Assert.Single(notices).HeldChannels!).Value);
        Assert.Equal("Warning notice; held by the channels' quiet hours until 2026-12-02 06:00 UTC, for the digest", explained[0].Why);
        Assert.Equal("Warning notice", explained[1].Why);
    }

    [Fact]
    public void A_failure_comes_through_unless_the_admin_holds_everything()
    {
        Assert.Null(Quiet.HeldUntil(Discord, EventTypes.BackupFailure, Night));
        Assert.Null(Quiet.HeldUntil(Discord, EventTypes.BackupOverdue, Night)); // a missed run is the alert of a job with a schedule
        Assert.NotNull(Quiet.HeldUntil(Discord, EventTypes.BackupRecovered, Night));
        Assert.NotNull((Quiet with { Hours = Quiet.Hours with { UrgentComesThrough = false } }).HeldUntil(Discord, EventTypes.BackupFailure, Night));
        Assert.NotNull((Quiet with { Hours = Quiet.Hours with { UrgentComesThrough = false } }).HeldUntil(Discord, EventTypes.BackupOverdue, Night));
        Assert.Null(Quiet.HeldUntil(Discord, EventTypes.BackupWarning, Night.AddHours(9))); // 08:00: not quiet
    }
}
