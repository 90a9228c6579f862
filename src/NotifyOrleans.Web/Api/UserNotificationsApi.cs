using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Web.Pages.Shared.Forms;
using Orleans;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// <c>/api/v1/users/{email}/notifications</c>: a person's time zone, subscriptions, quiet hours and
/// summary reports, as their "My notifications" page sets them, kept by their user grain; and
/// the page's "Send a summary now". Checked with the same rules as the page.
/// </summary>
public static class UserNotificationsApi
{
    private static readonly string[] Fields = ["timeZone", "emailOnOwnLogin", "subscriptions", "quietHours", "summary"];
    private static readonly string[] SubscriptionFields = ["scope", "target", "outcomes"];
    private static readonly string[] QuietFields = ["from", "to", "weekends", "urgentComesThrough"];
    private static readonly string[] SummaryFields = ["frequency", "at", "day"];

    public static RouteGroupBuilder MapUserNotificationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users/{email}/notifications").WithTags("People's notifications");
        group.MapGet("", GetAsync).RequireAuthorization(ApiAuthentication.Read);
        group.MapPut("", PutAsync).RequireAuthorization(ApiAuthentication.Write)
            .Accepts<UserNotificationsView>("application/json").Produces<UserNotificationsView>();
        group.MapPost("/summary", SendSummaryAsync).RequireAuthorization(ApiAuthentication.Write);
        return api;
    }

    private static async Task<IResult> GetAsync(string email, UserManager<AppUser> users, IGrainFactory grains, JobQueries jobs, CancellationToken cancellationToken) =>
        await users.FindByEmailAsync(email) is { } person
            ? TypedResults.Ok(await DescribeAsync(person, await grains.GetGrain<IUserGrain>(person.Id).GetSnapshotAsync(cancellationToken), jobs, cancellationToken))
            : NoSuchPerson(email);

    /// <summary>Changes what the body names; what it leaves out stays. Nothing changes unless all of it is valid.</summary>
    private static async Task<IResult> PutAsync(string email, HttpContext context, UserManager<AppUser> users, IGrainFactory grains, JobQueries jobs)
    {
        if (await users.FindByEmailAsync(email) is not { } person) return NoSuchPerson(email);
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request);
        if (body is null) return unreadable!;
        var grain = grains.GetGrain<IUserGrain>(person.Id);
        var current = await grain.GetSnapshotAsync(context.RequestAborted);
        var problems = new List<(string, string)>();
        ApiRequests.RefuseUnknown(body, Fields, problems);
        var preferences = current.Preferences;
        if (ApiRequests.TryGetString(body, "timeZone", problems, out var zone))
        {
            if (TimeZones.IsKnown(zone!)) preferences = preferences with { TimeZoneId = zone! };
            else problems.Add(("timeZone", "timeZone is an IANA time zone, for example Europe/Berlin."));
        }

        if (ApiRequests.GetBool(body, "emailOnOwnLogin", problems) is { } onLogin) preferences = preferences with { EmailOnOwnLogin = onLogin };
        if (body.ContainsKey("quietHours")) preferences = preferences with { Quiet = ReadQuietHours(body["quietHours"], problems) };
        if (body.ContainsKey("summary")) preferences = preferences with { Summary = ReadSummary(body["summary"], problems) };
        var subscriptions = body.ContainsKey("subscriptions") ? ReadSubscriptions(body["subscriptions"], problems) : null;
        if (problems.Count > 0) return ApiRequests.Invalid(problems);

        if (preferences != current.Preferences) await grain.UpdatePreferencesAsync(preferences, context.RequestAborted);
        if (subscriptions is not null) await grain.SetSubscriptionsAsync(subscriptions, context.RequestAborted);
        return TypedResults.Ok(await DescribeAsync(person, await grain.GetSnapshotAsync(context.RequestAborted), jobs, context.RequestAborted));
    }

    /// <summary>The summary of the last day or week, now, as the page's Send now; 409 when there is nothing to send it with (why, in words).</summary>
    private static async Task<IResult> SendSummaryAsync(string email, UserManager<AppUser> users, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(email) is not { } person) return NoSuchPerson(email);
        return await grains.GetGrain<IUserGrain>(person.Id).SendSummaryNowAsync(cancellationToken) is { } whyNot
            ? ApiRequests.Conflict(whyNot, title: "Nothing to send it with")
            : TypedResults.Accepted((string?)null, new { status = "queued" });
    }

    private static IResult NoSuchPerson(string email) => ApiRequests.NotFound("email", $"No user has the address '{email}'.");

    private static List<Subscription> ReadSubscriptions(JsonNode? node, List<(string, string)> problems)
    {
        var kept = new List<Subscription>();
        if (node is null) return kept; // null: no subscriptions
        if (node is not JsonArray rows)
        {
            problems.Add(("subscriptions", "subscriptions is a list of {scope, target, outcomes}."));
            return kept;
        }

        if (rows.Count > Subscription.MaxPerUser) problems.Add(("subscriptions", $"At most {Subscription.MaxPerUser} subscriptions per person."));
        for (var i = 0; i < rows.Count; i++)
        {
            var path = $"subscriptions[{i}].";
            if (rows[i] is not JsonObject row)
            {
                problems.Add(($"subscriptions[{i}]", "A subscription is an object: {\"scope\":\"job\",\"target\":\"nas-01/documents\",\"outcomes\":[\"failure\"]}."));
                continue;
            }

            ApiRequests.RefuseUnknown(row, SubscriptionFields, problems, path);
            ApiRequests.TryGetString(row, "scope", problems, out var scopeText, path);
            ApiRequests.TryGetString(row, "target", problems, out var target, path);
            if (ReadScope(scopeText) is not { } scope)
            {
                problems.Add((path + "scope", $"{path}scope is all, server or job."));
                continue;
            }

            var problemsBefore = problems.Count;
            var outcomes = ReadOutcomes(row["outcomes"], path, problems);
            var outcomesUnreadable = problems.Count > problemsBefore;
            var subscription = new Subscription(scope, scope == SubscriptionScope.AllJobs ? null : target?.Trim(), outcomes);
            var (targetProblem, outcomesProblem) = UserTransitions.Problems(subscription);
            if (targetProblem is not null) problems.Add((path + "target", targetProblem));
            // "Choose at least one" beside "outcomes holds …" read as if none had been given.
            if (outcomesProblem is not null && !outcomesUnreadable) problems.Add((path + "outcomes", outcomesProblem));
            kept.Add(subscription);
        }

        return kept;
    }

    private static SubscriptionScope? ReadScope(string? text) => text switch
    {
        "all" => SubscriptionScope.AllJobs,
        "server" => SubscriptionScope.Server,
        "job" => SubscriptionScope.Job,
        _ => null,
    };

    private static Outcomes ReadOutcomes(JsonNode? node, string path, List<(string, string)> problems)
    {
        var outcomes = Outcomes.None;
        foreach (var item in node as JsonArray ?? [])
        {
            if (item is JsonValue value && value.TryGetValue(out string? name) && Subscription.Each.FirstOrDefault(o => OutcomeName(o) == name) is var outcome and not Outcomes.None)
                outcomes |= outcome;
            else problems.Add((path + "outcomes", $"{path}outcomes holds {string.Join(", ", Subscription.Each.Select(OutcomeName))}."));
        }

        return outcomes; // none at all is the subscription rules' to name ("Choose at least one outcome.")
    }

    private static string OutcomeName(Outcomes outcome) => outcome.ToString().ToLowerInvariant();

    /// <summary>null: no quiet hours.</summary>
    private static QuietHours? ReadQuietHours(JsonNode? node, List<(string, string)> problems)
    {
        if (node is null) return null;
        if (node is not JsonObject quiet)
        {
            problems.Add(("quietHours", "quietHours is {from, to, weekends, urgentComesThrough}, or null for none."));
            return null;
        }

        ApiRequests.RefuseUnknown(quiet, QuietFields, problems, "quietHours.");
        var unreadable = problems.Count;
        var from = ReadTime(quiet, "from", "quietHours.", problems);
        var to = ReadTime(quiet, "to", "quietHours.", problems);
        // A time that is not one has its message already; "give both" beside it would be a second.
        if (problems.Count == unreadable && QuietHours.Check(from, to) is var (end, message))
            problems.Add((end == QuietHoursEnd.From ? "quietHours.from" : "quietHours.to", message));
        return new QuietHours(from, to, ApiRequests.GetBool(quiet, "weekends", problems, "quietHours.") ?? false,
            ApiRequests.GetBool(quiet, "urgentComesThrough", problems, "quietHours.") ?? true);
    }

    /// <summary>null: no summary reports.</summary>
    private static SummarySchedule? ReadSummary(JsonNode? node, List<(string, string)> problems)
    {
        if (node is null) return null;
        if (node is not JsonObject summary)
        {
            problems.Add(("summary", "summary is {frequency, at, day}, or null for none."));
            return null;
        }

        ApiRequests.RefuseUnknown(summary, SummaryFields, problems, "summary.");
        ApiRequests.TryGetString(summary, "frequency", problems, out var frequencyText, "summary.");
        if (!Enum.TryParse<SummaryFrequency>(frequencyText, ignoreCase: true, out var frequency) || !Enum.IsDefined(frequency))
            problems.Add(("summary.frequency", "summary.frequency is off, daily or weekly."));
        var at = ReadTime(summary, "at", "summary.", problems);
        if (at is null && frequency != SummaryFrequency.Off && !summary.ContainsKey("at")) problems.Add(("summary.at", "summary.at is the time of day it comes, for example 08:00."));
        var day = DayOfWeek.Monday;
        if (ApiRequests.TryGetString(summary, "day", problems, out var dayText, "summary.")
            && (!Enum.TryParse(dayText, ignoreCase: true, out day) || !Enum.IsDefined(day)))
            problems.Add(("summary.day", "summary.day is a weekday: monday … sunday."));
        return new SummarySchedule(frequency, at ?? new TimeOnly(8, 0), day);
    }

    private static TimeOnly? ReadTime(JsonObject body, string name, string path, List<(string, string)> problems)
    {
        if (!ApiRequests.TryGetString(body, name, problems, out var text, path)) return null;
        if (TimeOfDay.TryRead(text, out var time)) return time;
        problems.Add((path + name, TimeOfDay.Problem));
        return null;
    }

    public static async Task<UserNotificationsView> DescribeAsync(AppUser person, UserSnapshot snapshot, JobQueries jobs, CancellationToken cancellationToken)
    {
        var preferences = snapshot.Preferences;
        var unmatched = await jobs.UnmatchedAsync(snapshot.Subscriptions.Select(s => (s.Scope, s.Target)).ToList(), cancellationToken);
        return new UserNotificationsView(
            person.Email ?? "",
            preferences.TimeZoneId,
            preferences.EmailOnOwnLogin,
            snapshot.Subscriptions.Select((s, i) => new SubscriptionView(
                s.Scope switch { SubscriptionScope.AllJobs => "all", SubscriptionScope.Server => "server", _ => "job" },
                s.Target, Subscription.Each.Where(o => s.Outcomes.HasFlag(o)).Select(OutcomeName).ToList(),
                s.Scope == SubscriptionScope.AllJobs ? null : !unmatched.Contains(i))).ToList(),
            preferences.Quiet is { IsSet: true } quiet
                ? new QuietHoursView(quiet.From is { } f ? TimeOfDay.Write(f) : null, quiet.To is { } t ? TimeOfDay.Write(t) : null, quiet.Weekends, quiet.UrgentComesThrough)
                : null,
            preferences.Summary is { IsOn: true } summary
                ? new SummaryView(summary.Frequency.ToString().ToLowerInvariant(), TimeOfDay.Write(summary.At), summary.Frequency == SummaryFrequency.Weekly ? summary.Day.ToString().ToLowerInvariant() : null)
                : null,
            snapshot.PreferencesUpdatedAt);
    }
}

public sealed record UserNotificationsView(
    string Email,
    string TimeZone,
    bool EmailOnOwnLogin,
    IReadOnlyList<SubscriptionView> Subscriptions,
    QuietHoursView? QuietHours,
    SummaryView? Summary,
    DateTimeOffset? UpdatedAt);

/// <param name="Scope">all, server or job.</param>
/// <param name="Target">The server's name, or the job as server/job; null for all jobs.</param>
/// <param name="Reported">Whether a server or job by this name has reported; false says check the spelling, or the job was deleted (it notifies once one reports). Null for all jobs.</param>
public sealed record SubscriptionView(string Scope, string? Target, IReadOnlyList<string> Outcomes, bool? Reported = null);

public sealed record QuietHoursView(string? From, string? To, bool Weekends, bool UrgentComesThrough);

/// <param name="Day">The weekday of a weekly summary; null for a daily one.</param>
public sealed record SummaryView(string Frequency, string At, string? Day);
