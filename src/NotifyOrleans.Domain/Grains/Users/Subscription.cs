namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>What a subscriber can ask to be emailed about.</summary>
[Flags]
public enum Outcomes
{
    None = 0,
    Failure = 1,
    Warning = 2,
    Overdue = 4,
    Recovered = 8,
    Success = 16,
    Escalation = 32,
}

public enum SubscriptionScope { AllJobs, Server, Job }

/// <summary>
/// A person's wish to be emailed directly about some jobs: every job, one server's jobs, or one
/// job (its key, "server/job"), for the outcomes it names.
/// </summary>
[GenerateSerializer, Immutable, Alias("Subscription")]
public sealed record Subscription(
    SubscriptionScope Scope,
    string? Target,
    Outcomes Outcomes)
{
    public const int MaxPerUser = 50;
    public const int TargetMaxLength = 400;

    /// <summary>The outcomes, in the order the console lists them.</summary>
    public static IReadOnlyList<Outcomes> Each { get; } =
        [Outcomes.Failure, Outcomes.Warning, Outcomes.Overdue, Outcomes.Escalation, Outcomes.Recovered, Outcomes.Success];

    public bool Covers(string serverName, string jobKey) => Scope switch
    {
        SubscriptionScope.AllJobs => true,
        SubscriptionScope.Server => string.Equals(Target, serverName, StringComparison.OrdinalIgnoreCase),
        _ => string.Equals(Target, jobKey, StringComparison.OrdinalIgnoreCase),
    };

    public static string Name(Outcomes outcome) => outcome switch
    {
        Outcomes.Failure => "failures",
        Outcomes.Warning => "warnings",
        Outcomes.Overdue => "missed runs",
        Outcomes.Recovered => "recoveries",
        Outcomes.Success => "successes",
        Outcomes.Escalation => "escalations",
        _ => outcome.ToString(),
    };

    /// <summary>"failures, missed runs".</summary>
    public static string Names(Outcomes outcomes) => outcomes == Outcomes.None
        ? "nothing"
        : string.Join(", ", Each.Where(o => outcomes.HasFlag(o)).Select(Name));

    public string DescribeScope() => Scope switch
    {
        SubscriptionScope.AllJobs => "all jobs",
        SubscriptionScope.Server => $"server {Target}",
        _ => $"job {Target}",
    };
}
