using NotifyOrleans.Domain.Grains.Users;

namespace NotifyOrleans.UnitTests.Grains;

public sealed class UserTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_user_has_the_default_preferences_and_no_logins()
    {
        var snapshot = UserTransitions.Snapshot(new UserState());

        Assert.Equal(NotificationPreferences.Default, snapshot.Preferences);
        Assert.Equal(0, snapshot.LoginCount);
        Assert.Null(snapshot.LastLoginAt);
    }

    [Fact]
    public void Updating_preferences_stores_them_with_the_time_of_the_change()
    {
        var state = new UserState();

        UserTransitions.ApplyPreferences(state, new NotificationPreferences("Europe/Paris", EmailOnOwnLogin: true), Now);

        var snapshot = UserTransitions.Snapshot(state);
        Assert.Equal(new NotificationPreferences("Europe/Paris", true), snapshot.Preferences);
        Assert.Equal(Now, snapshot.PreferencesUpdatedAt);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("   ")]
    public void An_unknown_time_zone_is_refused_and_nothing_changes(string zone)
    {
        var state = new UserState();

        Assert.Throws<ArgumentException>(() => UserTransitions.ApplyPreferences(state, new NotificationPreferences(zone, false), Now));

        Assert.Equal("UTC", state.TimeZoneId);
        Assert.True(state.EmailOnOwnLogin);
        Assert.Null(state.PreferencesUpdatedAt);
    }

    [Fact]
    public void Each_login_is_counted_and_the_last_one_remembered()
    {
        var state = new UserState();

        UserTransitions.ApplyLogin(state, Now);
        UserTransitions.ApplyLogin(state, Now.AddMinutes(90));

        Assert.Equal(2, state.LoginCount);
        Assert.Equal(Now.AddMinutes(90), state.LastLoginAt);
    }
}

public sealed class SubscriptionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    /// <summary>One character more than a name a report may carry (<c>JobKey.NameMaxLength</c>).</summary>
    private const string Long201 = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + "x";

    [Theory]
    [InlineData(SubscriptionScope.Server, "", Outcomes.Failure, "Name the server.")]
    [InlineData(SubscriptionScope.Job, "nas-01", Outcomes.Failure, "Name the job as server/job (as the job list shows it).")]
    [InlineData(SubscriptionScope.Job, "nas-01/", Outcomes.Failure, "Name the job as server/job (as the job list shows it).")]
    [InlineData(SubscriptionScope.AllJobs, null, Outcomes.None, "Choose at least one outcome.")]
    public void An_invalid_subscription_is_refused_with_its_reason_and_nothing_changes(SubscriptionScope scope, string? target, Outcomes outcomes, string message)
    {
        var state = new UserState { Subscriptions = [new Subscription(SubscriptionScope.AllJobs, null, Outcomes.Escalation)] };

        var error = Assert.Throws<ArgumentException>(() => UserTransitions.SetSubscriptions(state, [new Subscription(scope, target, outcomes)], Now));

        Assert.StartsWith(message, error.Message);
        Assert.Equal(Outcomes.Escalation, Assert.Single(state.Subscriptions).Outcomes);
    }

    [Theory]
    [InlineData(SubscriptionScope.Job, "nas-01/" + Long201, "A job name is at most 200 characters (this one has 201).")]
    [InlineData(SubscriptionScope.Server, Long201, "A server name is at most 200 characters (this one has 201).")]
    [InlineData(SubscriptionScope.Server, "nas/01", "A server name cannot contain '/'.")]
    public void A_row_naming_what_no_report_could_carry_is_refused_where_a_person_submits_it(SubscriptionScope scope, string target, string message) =>
        Assert.Equal(message, UserTransitions.Problems(new Subscription(scope, target, Outcomes.Failure)).Target);

    [Fact]
    public void A_row_saved_before_names_were_checked_does_not_stop_a_later_change()
    {
        var state = new UserState { Subscriptions = [new Subscription(SubscriptionScope.Server, "nas/01", Outcomes.Failure)] };

        UserTransitions.SetSubscriptions(state, [.. state.Subscriptions, new Subscription(SubscriptionScope.Job, "nas-01/docs", Outcomes.Failure)], Now);

        Assert.Equal(2, state.Subscriptions.Count);
    }

    [Fact]
    public void A_row_with_no_outcome_and_a_job_without_its_server_is_told_both()
    {
        var (target, outcomes) = UserTransitions.Problems(new Subscription(SubscriptionScope.Job, "anchor-test", Outcomes.None));

        Assert.Equal("Name the job as server/job (as the job list shows it).", target);
        Assert.Equal("Choose at least one outcome.", outcomes);
    }

    [Fact]
    public void The_same_jobs_named_twice_become_one_subscription_with_both_outcomes()
    {
        var state = new UserState();

        UserTransitions.SetSubscriptions(state, [
            new Subscription(SubscriptionScope.Server, " nas-01 ", Outcomes.Failure),
            new Subscription(SubscriptionScope.Server, "NAS-01", Outcomes.Overdue),
        ], Now);

        var merged = Assert.Single(state.Subscriptions);
        Assert.Equal("nas-01", merged.Target);
        Assert.Equal(Outcomes.Failure | Outcomes.Overdue, merged.Outcomes);
    }
}
