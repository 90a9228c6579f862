using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Web.Pages.Account;

namespace NotifyOrleans.Web.Pages.Jobs;

/// <summary>
/// The job page's Subscribed section: everyone subscribed to the job (by the job, its server or
/// all jobs) with what they asked for, and the reader's own subscriptions that cover it.
/// </summary>
/// <param name="Mine">The reader's subscription to this very job, if any: what "Unsubscribe me" ends.</param>
/// <param name="MyWider">
/// The reader's subscriptions to more than this job (all jobs, its server) that cover it:
/// "Unsubscribe me" does not end them, so the page says they are there.
/// </param>
public sealed record JobSubscribersView(
    IReadOnlyList<(Subscriber Person, Outcomes Wants, string Scopes)> Everyone,
    Subscription? Mine,
    IReadOnlyList<Subscription> MyWider)
{
    public static readonly JobSubscribersView Empty = new([], null, []);

    /// <summary>What "Subscribe me" subscribes to: failures, missed runs, escalations and recoveries.</summary>
    public static Outcomes Suggested { get; } = SubscriptionInput.Suggested.Aggregate(Outcomes.None, (all, o) => all | o);

    public static JobSubscribersView Of(IReadOnlyList<Subscriber> covering, string serverName, string jobKey, string? readerId)
    {
        var everyone = covering.Select(person => (person, person.WantsOf(serverName, jobKey),
                string.Join(", ", person.Subscriptions.Where(s => s.Covers(serverName, jobKey)).Select(s => s.DescribeScope()))))
            .OrderBy(s => s.person.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList();
        var mine = covering.FirstOrDefault(p => p.UserId == readerId)?.Subscriptions.Where(s => s.Covers(serverName, jobKey)).ToList() ?? [];
        return new JobSubscribersView(everyone, mine.FirstOrDefault(s => s.Scope == SubscriptionScope.Job), mine.Where(s => s.Scope != SubscriptionScope.Job).ToList());
    }

    public Outcomes MyWiderOutcomes => MyWider.Aggregate(Outcomes.None, (all, s) => all | s.Outcomes);

    /// <summary>"server nas-01", "all jobs and server nas-01".</summary>
    public string MyWiderScopes => string.Join(" and ", MyWider.Select(s => s.DescribeScope()));

    /// <summary>
    /// What the reader hears of this job through each of their subscriptions, when a wider one covers
    /// it: with one to the job too, what that one adds (missed runs, escalations) is said as well.
    /// </summary>
    public string MyCoverage => Mine is null
        ? $"You hear about this job's {Subscription.Names(MyWiderOutcomes)} through your subscription to {MyWiderScopes}."
        : $"You hear about this job's {Subscription.Names(Mine.Outcomes)} through your subscription to it, and its {Subscription.Names(MyWiderOutcomes)} through your subscription to {MyWiderScopes}.";

    /// <summary>"Subscribe me" is offered while it would add something: no subscription to the job, and the wider ones miss some of what it subscribes to.</summary>
    public bool OffersSubscribe => Mine is null && (MyWiderOutcomes & Suggested) != Suggested;

    /// <summary>Said after "Unsubscribe me": someone who unsubscribes and still gets the emails would think the button broken.</summary>
    public string UnsubscribedToast => MyWider.Count == 0 ? "Unsubscribed from this job."
        : $"Unsubscribed from this job. You still hear about its {Subscription.Names(MyWiderOutcomes)} through your subscription to {MyWiderScopes}: My notifications changes that.";
}
