using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.Pages.Jobs;

/// <summary>Who could have heard of one run or wake-up, what was decided and why, and what became of each message.</summary>
/// <param name="ShowsAddresses">People named by email address (admins, API tokens); else by display name, as a Member sees colleagues.</param>
public sealed record RunRouteView(string JobKey, IReadOnlyList<RouteEntry> Entries, IReadOnlyList<(Guid Id, string Name)> Channels,
    PeopleDirectory People, IReadOnlyList<OutboxMessage> Messages, bool ShowsAddresses = true)
{
    /// <summary>The view of each of these runs (the job page's history, the API's runs), with the outbox rows of all their notices read in one query.</summary>
    public static async Task<Func<BackupRun, RunRouteView>> ForRunsAsync(AppDbContext db, string jobKey, IReadOnlyList<BackupRun> runs,
        IReadOnlyList<(Guid Id, string Name)> channels, PeopleDirectory people, CancellationToken cancellationToken, bool showsAddresses = true)
    {
        var routes = runs.ToDictionary(r => r.Id, r => JobSideEffectsHistory.ReadRoute(r.RouteJson));
        var messages = await MessagesAsync(db, jobKey, routes.Values, cancellationToken);
        return run => new RunRouteView(jobKey, routes[run.Id], channels, people, messages, showsAddresses);
    }

    /// <summary>The same for the timeline's lines: a wake-up (a deadline passed, a repeat, an escalation step) keeps its route with its first line.</summary>
    public static async Task<Func<JobEvent, RunRouteView>> ForTimelineAsync(AppDbContext db, string jobKey, IReadOnlyList<JobEvent> lines,
        IReadOnlyList<(Guid Id, string Name)> channels, PeopleDirectory people, CancellationToken cancellationToken, bool showsAddresses = true)
    {
        var routes = lines.ToDictionary(e => e.Id, e => JobSideEffectsHistory.ReadRoute(e.RouteJson));
        var messages = await MessagesAsync(db, jobKey, routes.Values, cancellationToken);
        return line => new RunRouteView(jobKey, routes[line.Id], channels, people, messages, showsAddresses);
    }

    /// <summary>The outbox rows of all the notices of these routes, in one query.</summary>
    private static async Task<List<OutboxMessage>> MessagesAsync(AppDbContext db, string jobKey, IEnumerable<IReadOnlyList<RouteEntry>> routes, CancellationToken cancellationToken)
    {
        var keys = routes.SelectMany(route => route).Select(e => e.DedupKey).OfType<string>().Distinct().ToList();
        return keys.Count == 0 ? [] : await db.Outbox.AsNoTracking().Where(m => m.JobKey == jobKey && keys.Contains(m.DedupKey)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The line that opens the list: "who was told: 3 (2 waiting), not: 1". Told is decided, not delivered: a
    /// message still waiting or given up is said, or "told: 3" read as three messages delivered.
    /// </summary>
    public string Summary()
    {
        var told = Entries.Where(e => e.Told).ToList();
        var statuses = told.Select(e => MessageFor(e)?.Status).ToList();
        var waiting = statuses.Count(s => s is null or OutboxStatus.Pending or OutboxStatus.Held);
        var failed = statuses.Count(s => s is OutboxStatus.Dead or OutboxStatus.Cancelled);
        var undelivered = string.Join(", ", new[] { waiting > 0 ? $"{waiting} waiting" : null, failed > 0 ? $"{failed} not delivered" : null }.OfType<string>());
        var notTold = Entries.Count - told.Count;
        return $"who was told: {told.Count}{(undelivered.Length > 0 ? $" ({undelivered})" : "")}{(notTold > 0 ? $", not: {notTold}" : "")}";
    }

    public string NameOf(RouteEntry entry) => entry.ChannelId is { } id
        ? Channels.FirstOrDefault(c => c.Id == id).Name ?? "(deleted channel)"
        : People.Find(entry.UserId!) is not { } person ? "(deleted user)"
        : ShowsAddresses ? person.Email
        : string.IsNullOrWhiteSpace(person.DisplayName) ? PeopleDirectory.Someone : person.DisplayName;

    /// <summary>A delivery's error as this reader may read it: admins whole, with names beside addresses; a Member not (<see cref="DeliveryErrors"/>).</summary>
    public string ErrorShown(string error) => DeliveryErrors.AsReadBy(People.NamesWithAddresses(error), readsDetails: ShowsAddresses);

    /// <summary>For a person: the Email channel their message went through (the first enabled one, unless the step had its own).</summary>
    public (Guid Id, string Name)? Through(RouteEntry entry) =>
        entry.UserId is not null && MessageFor(entry) is { } message ? Channels.FirstOrDefault(c => c.Id == message.ChannelId) is { Name: not null } found ? found : (message.ChannelId, "(deleted channel)") : null;

    /// <summary>
    /// The outbox row of a told entry: its channel's, for a person the one held for them or to their
    /// address (an account deleted since has no address, but what its quiet hours held says whose it was).
    /// </summary>
    public OutboxMessage? MessageFor(RouteEntry entry)
    {
        if (!entry.Told || entry.DedupKey is not { } key) return null;
        if (entry.UserId is not { } user) return Messages.FirstOrDefault(m => m.DedupKey == key && m.Recipient == "" && m.ChannelId == entry.ChannelId);
        var recipient = People.EmailsOf([user]).FirstOrDefault();
        return Messages.FirstOrDefault(m => m.DedupKey == key && (m.HeldFor == user || (recipient is not null && m.Recipient == recipient)));
    }
}
