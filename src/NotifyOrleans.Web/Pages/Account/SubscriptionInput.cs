using NotifyOrleans.Domain.Grains.Users;

namespace NotifyOrleans.Web.Pages.Account;

/// <summary>One row of the subscriptions form: which jobs, and a box per outcome.</summary>
public sealed class SubscriptionInput
{
    public SubscriptionScope Scope { get; set; }
    public string? Target { get; set; }
    public List<Outcomes> Outcomes { get; set; } = [];
    public bool Remove { get; set; }

    /// <summary>The blank row for a new subscription: left blank, it is no subscription.</summary>
    public bool IsBlank => Outcomes.Count == 0 && string.IsNullOrWhiteSpace(Target);

    public Subscription ToSubscription() => new(Scope, Scope == SubscriptionScope.AllJobs ? null : Target?.Trim(),
        Outcomes.Aggregate(Domain.Grains.Users.Outcomes.None, (all, o) => all | o));

    public static SubscriptionInput From(Subscription subscription) => new()
    {
        Scope = subscription.Scope,
        Target = subscription.Target,
        Outcomes = Subscription.Each.Where(o => subscription.Outcomes.HasFlag(o)).ToList(),
    };

    /// <summary>What a new subscription starts with: what needs a person.</summary>
    public static readonly IReadOnlyList<Outcomes> Suggested =
        [Domain.Grains.Users.Outcomes.Failure, Domain.Grains.Users.Outcomes.Overdue, Domain.Grains.Users.Outcomes.Escalation, Domain.Grains.Users.Outcomes.Recovered];
}
