using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>A person with subscriptions, as routing needs them.</summary>
/// <param name="DisplayName">How the console names the person to others: a Member sees colleagues' names, not their addresses.</param>
public sealed record Subscriber(string UserId, string? Email, string DisplayName, bool Disabled, string TimeZoneId, QuietHours? Quiet, IReadOnlyList<Subscription> Subscriptions)
{
    /// <summary>What the person's subscriptions that cover this job ask for, together.</summary>
    public Outcomes WantsOf(string serverName, string jobKey) =>
        Subscriptions.Where(s => s.Covers(serverName, jobKey)).Aggregate(Outcomes.None, (all, s) => all | s.Outcomes);
}

/// <summary>One subscriber's email of one notice: now, or held by quiet hours until <paramref name="HeldUntil"/>.</summary>
/// <param name="TimeZoneId">The person's own time zone (an IANA id), in which their email gives its times.</param>
public sealed record SubscriberDelivery(string UserId, string Email, DateTimeOffset? HeldUntil, string TimeZoneId);

/// <summary>
/// Who of the people subscribed to a job hears of a turn's notices, and why (not). Pure, like
/// <see cref="RunRoute"/>: the grain passes the subscribers that cover the job and the time.
/// </summary>
public static class SubscriberRoute
{
    /// <summary>What a notice is, in the words of subscriptions.</summary>
    public static Outcomes OutcomeOf(JobNotification notice) => notice.EventType switch
    {
        EventTypes.BackupFailure => Outcomes.Failure,
        EventTypes.BackupWarning => Outcomes.Warning,
        EventTypes.BackupSuccess => Outcomes.Success,
        EventTypes.BackupRecovered => Outcomes.Recovered,
        EventTypes.BackupOverdue => Outcomes.Overdue,
        EventTypes.BackupEscalated => Outcomes.Escalation,
        _ => Outcomes.None,
    };

    /// <summary>
    /// Whether someone who asked for <paramref name="wants"/> hears of <paramref name="outcome"/>. A
    /// recovery is a successful run too: someone who asked for successes hears of it (without that,
    /// they heard of the successes that followed successes only).
    /// </summary>
    public static bool Asks(Outcomes wants, Outcomes outcome) =>
        wants.HasFlag(outcome) || (outcome == Outcomes.Recovered && wants.HasFlag(Outcomes.Success));

    /// <summary>
    /// What an open incident was about, as subscribers ask for it: a missed run, the last bad run's
    /// kind (a failure, or a warning counted as one), its escalation. Read before the turn that may end it.
    /// </summary>
    public static Outcomes IncidentOutcomes(BackupJobState state) =>
        (state.OverdueSince is not null ? Outcomes.Overdue : Outcomes.None)
        | (state.FailingSince is null ? Outcomes.None : state.Status == RunStatus.Warning ? Outcomes.Warning : Outcomes.Failure)
        | (state.EscalationsFired > 0 ? Outcomes.Escalation : Outcomes.None);

    /// <param name="state">The job after the turn.</param>
    /// <param name="notices">The turn's notices; each comes back with its subscribers.</param>
    /// <param name="canEmail">An Email channel is enabled to send through.</param>
    /// <param name="incident">What the incident the turn may end was about (<see cref="IncidentOutcomes"/> before it): its recovery goes to those who asked for any of it.</param>
    /// <returns>The notices with their subscribers, and one explanation per subscriber and notice.</returns>
    public static (IReadOnlyList<JobNotification> Notices, IReadOnlyList<RouteEntry> Entries) Route(BackupJobState state, string jobKey,
        IReadOnlyList<JobNotification> notices, IReadOnlyList<Subscriber> subscribers, bool canEmail, DateTimeOffset now,
        Func<JobNotification, string>? keyOf = null, Outcomes incident = Outcomes.None)
    {
        var entries = new List<RouteEntry>();
        var deliveries = notices.ToDictionary(n => n, _ => new List<SubscriberDelivery>());
        foreach (var person in subscribers)
        {
            var wants = person.WantsOf(state.ServerName, jobKey);
            if (wants == Outcomes.None) continue;
            var condition = $"subscribed to {Subscription.Names(wants)}";
            // Named by an escalation step of this turn: the step's email tells them of the run too (a
            // step after the first failure went out beside the failure notice: two emails for one run).
            if (notices.FirstOrDefault(n => n.Users?.Contains(person.UserId) == true) is { } step)
            {
                entries.Add(new RouteEntry(null, person.UserId, condition, false, $"Not told by the subscription: escalation step {step.Step + 1} emails them.", notices[0].EventType));
                continue;
            }

            var heard = Outcomes.None; // one email per outcome and turn (a run's recovery notice and the incident's are one)
            foreach (var notice in notices)
            {
                var outcome = OutcomeOf(notice);
                if (!Asks(wants, outcome) || outcome == Outcomes.None || heard.HasFlag(outcome)) continue;
                heard |= outcome;
                // "Back to normal" about a problem they never asked to hear of (a warning, to someone who takes failures only) is noise.
                if (outcome == Outcomes.Recovered && incident != Outcomes.None && (wants & incident) == Outcomes.None && !wants.HasFlag(Outcomes.Success))
                {
                    entries.Add(new RouteEntry(null, person.UserId, condition, false, $"Not told: the problem it ended was {Subscription.Names(incident)}, which they are not subscribed to.", notice.EventType));
                    continue;
                }

                if (WhyNot(state, notice, person, canEmail) is { } why)
                {
                    entries.Add(new RouteEntry(null, person.UserId, condition, false, why, notice.EventType));
                    continue;
                }

                var heldUntil = HeldUntil(person, notice.EventType, now);
                deliveries[notice].Add(new SubscriberDelivery(person.UserId, person.Email!, heldUntil, person.TimeZoneId));
                var says = RunRoute.Told(notice) + ", by email" + (heldUntil is { } until ? $"; held by quiet hours until {LocalTimes.Format(until, TimeZoneInfo.Utc)}, for the digest" : "");
                entries.Add(new RouteEntry(null, person.UserId, condition, true, says, notice.EventType, keyOf?.Invoke(notice)));
            }

            if (heard == Outcomes.None && notices.Count > 0)
                entries.Add(new RouteEntry(null, person.UserId, condition, false,
                    $"Not told: subscribed to {Subscription.Names(wants)}, and this was {Describe(notices)}."));
        }

        return (notices.Select(n => deliveries[n].Count == 0 ? n : n with { Subscribers = deliveries[n] }).ToList(), entries);
    }

    private static string? WhyNot(BackupJobState state, JobNotification notice, Subscriber person, bool canEmail)
    {
        // The job's failures-before-alert rule holds back a bad run from subscribers as from On Failure channels.
        if (notice is { EventType: EventTypes.BackupFailure or EventTypes.BackupWarning, Repeat: false, ReportedLate: false }
            && BackupJobTransitions.IsBad(notice.Run.Status, state.WarningsAreFailures) && state.ConsecutiveFailures < state.FailuresBeforeAlert)
            return $"Not told: failure {state.ConsecutiveFailures} of {state.FailuresBeforeAlert} in a row; the job alerts from the {RunRoute.Ordinal(state.FailuresBeforeAlert)}.";
        if (notice.FollowUp) return RunRoute.FollowUpWhy;
        if (person.Disabled) return "Not told: the account is disabled.";
        if (string.IsNullOrWhiteSpace(person.Email)) return "Not told: the account has no email address.";
        if (!canEmail) return "Not told: no Email channel is enabled.";
        return null;
    }

    /// <summary>Until when the person's quiet hours hold the notice; what is urgent comes through if they allow it (<see cref="QuietHours.IsUrgent"/>, as for channels).</summary>
    private static DateTimeOffset? HeldUntil(Subscriber person, string eventType, DateTimeOffset now) =>
        person.Quiet?.Holds(eventType, now, Zone(person));

    private static TimeZoneInfo Zone(Subscriber person) => LocalTimes.Zone(person.TimeZoneId);

    private static string Describe(IReadOnlyList<JobNotification> notices) =>
        string.Join(" and ", notices.Select(n => OutcomeOf(n) switch
        {
            Outcomes.Failure => "a failure",
            Outcomes.Warning => "a warning",
            Outcomes.Success => "a success",
            Outcomes.Recovered => "a recovery",
            Outcomes.Overdue => "a missed run",
            Outcomes.Escalation => "an escalation",
            _ => n.EventType,
        }).Distinct());
}
