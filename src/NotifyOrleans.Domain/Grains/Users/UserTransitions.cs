using NotifyOrleans.Domain.Grains.BackupJobs;
namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>The user grain's rules as pure functions: state + input + time → new state.</summary>
public static class UserTransitions
{
    public static UserSnapshot Snapshot(UserState state) => new(
        new NotificationPreferences(state.TimeZoneId, state.EmailOnOwnLogin, state.QuietHours, state.Summary), state.LoginCount, state.LastLoginAt, state.PreferencesUpdatedAt,
        state.Subscriptions.ToArray());

    /// <exception cref="ArgumentException">The time zone is not a known IANA or Windows id; the state is unchanged.</exception>
    public static void ApplyPreferences(UserState state, NotificationPreferences preferences, DateTimeOffset now)
    {
        if (!TimeZones.IsKnown(preferences.TimeZoneId))
            throw new ArgumentException($"Unknown time zone '{preferences.TimeZoneId}'.", nameof(preferences));
        state.TimeZoneId = TimeZones.Listed(preferences.TimeZoneId);
        state.EmailOnOwnLogin = preferences.EmailOnOwnLogin;
        state.QuietHours = preferences.Quiet is { IsSet: true } quiet ? quiet : null;
        state.Summary = preferences.Summary is { IsOn: true } summary ? summary : null;
        state.PreferencesUpdatedAt = now;
    }

    /// <summary>Replaces the user's subscriptions; the same jobs named twice become one subscription with both outcomes.</summary>
    /// <exception cref="ArgumentException">One is invalid (the message names it); the state is unchanged.</exception>
    public static void SetSubscriptions(UserState state, IReadOnlyList<Subscription> subscriptions, DateTimeOffset now)
    {
        if (subscriptions.Count > Subscription.MaxPerUser)
            throw new ArgumentException($"At most {Subscription.MaxPerUser} subscriptions per person.", nameof(subscriptions));
        var merged = new List<Subscription>();
        foreach (var subscription in subscriptions)
        {
            if (Problem(subscription) is { } problem) throw new ArgumentException(problem, nameof(subscriptions));
            var target = subscription.Scope == SubscriptionScope.AllJobs ? null : subscription.Target!.Trim();
            var same = merged.FindIndex(s => s.Scope == subscription.Scope && string.Equals(s.Target, target, StringComparison.OrdinalIgnoreCase));
            if (same < 0) merged.Add(subscription with { Target = target });
            else merged[same] = merged[same] with { Outcomes = merged[same].Outcomes | subscription.Outcomes };
        }

        state.Subscriptions = merged;
        state.PreferencesUpdatedAt = now;
    }

    /// <summary>
    /// What makes a subscription unusable (no outcome, no server or job named, a job not named
    /// server/job), as the grain refuses it; null: nothing. Rows saved before the names' limits
    /// were checked (<see cref="Problems"/>) still pass, so an old row never stops a later change.
    /// </summary>
    public static string? Problem(Subscription subscription) =>
        OutcomesProblem(subscription) ?? TargetProblem(subscription, namesAsReported: false);

    /// <summary>
    /// What is wrong with a row a person submits, for each of its fields at once (nulls: nothing):
    /// also names no report could carry, which would never match a job.
    /// </summary>
    public static (string? Target, string? Outcomes) Problems(Subscription subscription) =>
        (TargetProblem(subscription, namesAsReported: true), OutcomesProblem(subscription));

    private static string? OutcomesProblem(Subscription subscription) =>
        subscription.Outcomes == Outcomes.None ? "Choose at least one outcome." : null;

    private static string? TargetProblem(Subscription subscription, bool namesAsReported)
    {
        if (subscription.Scope == SubscriptionScope.AllJobs) return null;
        var target = subscription.Target?.Trim();
        if (string.IsNullOrEmpty(target)) return subscription.Scope == SubscriptionScope.Server ? "Name the server." : "Name the job as server/job.";
        if (target.Length > Subscription.TargetMaxLength) return $"At most {Subscription.TargetMaxLength} characters.";
        var slash = target.IndexOf('/');
        if (subscription.Scope == SubscriptionScope.Job && (slash <= 0 || slash == target.Length - 1)) return "Name the job as server/job (as the job list shows it).";
        if (!namesAsReported) return null;
        // Names no report could carry would never match a job: refused as ingest refuses them.
        return subscription.Scope == SubscriptionScope.Server
            ? JobKey.Check(target, "job") is { Field: "server" } server ? server.Message : null
            : JobKey.Check(target[..slash], target[(slash + 1)..])?.Message;
    }

    public static void ApplyLogin(UserState state, DateTimeOffset now)
    {
        state.LoginCount++;
        state.LastLoginAt = now;
    }
}
