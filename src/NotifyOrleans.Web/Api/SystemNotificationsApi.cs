using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// <c>/api/v1/settings/system-notifications</c>: the same settings as the console's System
/// notifications page, saved through the same store, and each event's Test.
/// </summary>
public static class SystemNotificationsApi
{
    private static readonly string[] EventFields = ["enabled", "channels", "notifyUser"];

    public static RouteGroupBuilder MapSystemNotificationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/settings/system-notifications").WithTags("System notifications");
        group.MapGet("", GetAsync).RequireAuthorization(ApiAuthentication.Read);
        group.MapPut("", PutAsync).RequireAuthorization(ApiAuthentication.Write)
            .Accepts<SystemNotificationsView>("application/json").Produces<SystemNotificationsView>();
        group.MapPost("/{event}/test", TestAsync).RequireAuthorization(ApiAuthentication.Write);
        return api;
    }

    private static async Task<Ok<SystemNotificationsView>> GetAsync(SystemNotificationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await store.GetAsync(cancellationToken)));

    /// <summary>
    /// Changes the settings; what is left out stays, also inside an event. An event's
    /// <c>"channels": null</c> resets it to the global channels.
    /// </summary>
    private static async Task<IResult> PutAsync(HttpContext context, SystemNotificationStore store, AppDbContext db)
    {
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request);
        if (body is null) return unreadable!;
        var problems = new List<(string, string)>();
        ApiRequests.RefuseUnknown(body, ["globalChannels", "loginThrottle", "events"], problems);
        var channels = await KnownChannels.LoadAsync(db, context.RequestAborted);
        var settings = await store.GetAsync(context.RequestAborted);
        if (body.ContainsKey("globalChannels"))
            settings = settings with { GlobalChannels = IncidentJson.ReadChannels(body["globalChannels"], "globalChannels", channels, problems) };
        if (body.ContainsKey("loginThrottle"))
            settings = settings with { LoginThrottle = IsZero(body["loginThrottle"]) ? TimeSpan.Zero : ScheduleJson.ReadDuration(body, "loginThrottle", problems) ?? TimeSpan.Zero };
        if (body.ContainsKey("events")) settings = ReadEvents(body["events"], settings, channels, problems);
        if (problems.Count > 0) return ApiRequests.Invalid(problems);

        if (await store.SaveAsync(settings, context.RequestAborted) is { } problem) return ApiRequests.Invalid(problem.Field, problem.Message);
        return TypedResults.Ok(Describe(settings));
    }

    /// <summary>"PT0S" (or "0") sends every login: the one duration a throttle may be that a schedule may not.</summary>
    private static bool IsZero(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) && text is "0" or "PT0S";

    private static SystemNotificationSettings ReadEvents(JsonNode? node, SystemNotificationSettings settings, KnownChannels channels, List<(string, string)> problems)
    {
        if (node is not JsonObject events)
        {
            problems.Add(("events", "events maps event names (user-login, restore-failed, …) to their settings."));
            return settings;
        }

        foreach (var (name, value) in events)
        {
            var path = $"events.{name}";
            if (!SystemEventCatalog.TryParseSlug(name, out var type))
            {
                problems.Add((path, $"'{name}' is not an event; the events are {string.Join(", ", SystemEventCatalog.All.Select(t => t.Slug()))}."));
                continue;
            }

            if (value is not JsonObject fields)
            {
                problems.Add((path, $"{path} is an object with enabled, channels and notifyUser."));
                continue;
            }

            ApiRequests.RefuseUnknown(fields, EventFields, problems, path + ".");
            var current = settings.For(type);
            var next = current with { Enabled = ApiRequests.GetBool(fields, "enabled", problems, path + ".") ?? current.Enabled };
            if (fields.ContainsKey("channels"))
                next = next with { Channels = fields["channels"] is null ? null : IncidentJson.ReadChannels(fields["channels"], path + ".channels", channels, problems) };
            if (ApiRequests.TryGetString(fields, "notifyUser", problems, out var mode, path + "."))
            {
                if (Enum.TryParse<NotifyUserMode>(mode, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) next = next with { NotifyUser = parsed };
                else problems.Add((path + ".notifyUser", $"{path}.notifyUser is one of disabled, adminAndUser, userOnly."));
            }

            settings = settings.With(type, next);
        }

        return settings;
    }

    /// <summary>
    /// Sends a sample of the event through its channels now (also when the event is off). The
    /// direct email of "notify user directly" goes to <paramref name="to"/>: a token has no mailbox.
    /// </summary>
    private static async Task<IResult> TestAsync(string @event, SystemEventTester tester, HttpContext context, string? to = null)
    {
        if (!SystemEventCatalog.TryParseSlug(@event, out var type))
            return ApiRequests.NotFound("event", $"There is no event '{@event}'; the events are {string.Join(", ", SystemEventCatalog.All.Select(t => t.Slug()))}.");
        if (to is not null && !System.Net.Mail.MailAddress.TryCreate(to, out _)) return ApiRequests.Invalid("to", "to must be an email address.");
        var (outcomes, notTold) = await tester.TestAsync(type, to, context.RequestAborted);
        return TypedResults.Ok(new SystemEventTestView(
            outcomes.Select(o => new SystemEventTestOutcomeView(o.ChannelName, o.ChannelId, o.Recipient, ChannelTestOutcome.Of(o.Result), o.Result.ErrorText)).ToList(),
            notTold));
    }

    public static SystemNotificationsView Describe(SystemNotificationSettings settings) => new(
        settings.GlobalChannels,
        ScheduleJson.Iso(settings.LoginThrottle)!,
        SystemEventCatalog.All.ToDictionary(type => type.Slug(), type =>
        {
            var e = settings.For(type);
            return new SystemEventSettingsView(e.Enabled, e.Channels, e.Channels is not null, settings.ChannelsFor(type),
                type.CanNotifyUser() ? JsonNaming(e.NotifyUser) : null);
        }));

    private static string JsonNaming(NotifyUserMode mode) => char.ToLowerInvariant(mode.ToString()[0]) + mode.ToString()[1..];
}
