using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// Channels by script: the same checks, save and test as the channel form (through
/// <see cref="ChannelStore"/> and <see cref="ChannelTester"/>). Secrets are write-only: never
/// returned, kept when a PATCH leaves them out, cleared only by sending null.
/// </summary>
public static class ChannelsApi
{
    public static RouteGroupBuilder MapChannelsApi(this RouteGroupBuilder api)
    {
        var channels = api.MapGroup("/channels").WithTags("Channels");
        channels.MapGet("", ListAsync).RequireAuthorization(ApiAuthentication.Read);
        channels.MapGet("/{idOrName}", GetAsync).RequireAuthorization(ApiAuthentication.Read).WithName("GetChannel");
        channels.MapPost("", CreateAsync).RequireAuthorization(ApiAuthentication.Write).Accepts<ChannelCreate>("application/json")
            .Produces<ChannelView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        channels.MapPatch("/{idOrName}", PatchAsync).RequireAuthorization(ApiAuthentication.Write).Accepts<ChannelPatch>("application/json")
            .Produces<ChannelView>().ProducesProblem(StatusCodes.Status409Conflict);
        channels.MapDelete("/{idOrName}", DeleteAsync).RequireAuthorization(ApiAuthentication.Write).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
        channels.MapPost("/{idOrName}/test", TestAsync).RequireAuthorization(ApiAuthentication.Write);
        return api;
    }

    private static async Task<Ok<List<ChannelView>>> ListAsync(AppDbContext db, ChannelSettingsSerializer serializer, CancellationToken cancellationToken)
    {
        var channels = await db.Channels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(channels.Select(c => Describe(c, serializer)).ToList());
    }

    private static async Task<Results<Ok<ChannelView>, ProblemHttpResult>> GetAsync(string idOrName, HttpContext context, AppDbContext db, ChannelSettingsSerializer serializer)
    {
        var (channel, missing) = await FindAsync(idOrName, db, context.RequestAborted);
        if (channel is null) return missing!;
        context.Response.Headers.ETag = ApiRequests.ETag(channel.Version.ToString());
        return TypedResults.Ok(Describe(channel, serializer));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ChannelStore store, ChannelSettingsSerializer serializer)
    {
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request);
        if (body is null) return unreadable!;
        var problems = new List<(string, string)>();
        ApiRequests.RefuseUnknown(body, ["name", "kind", "enabled", "settings"], problems);
        ApiRequests.TryGetString(body, "name", problems, out var name);
        var enabled = ApiRequests.GetBool(body, "enabled", problems) ?? true;
        ChannelKind? kind = null;
        if (ApiRequests.TryGetString(body, "kind", problems, out var kindText))
        {
            if (Enum.TryParse<ChannelKind>(kindText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) kind = parsed;
            else problems.Add(("kind", "kind is one of email, discord, ntfy, webhook."));
        }
        else if (problems.Count == 0) problems.Add(("kind", "Say which kind of channel: email, discord, ntfy or webhook."));

        if (problems.Count > 0) return ApiRequests.Invalid(problems);
        if (body["settings"] is not (JsonObject or null)) return ApiRequests.Invalid("settings", "settings must be an object of the kind's settings.");
        var settings = ReadSettings(kind!.Value, (JsonObject?)body["settings"]?.DeepClone() ?? [], out var badSetting);
        if (settings is null) return badSetting!;
        if (await CheckAsync(store, null, name ?? "", settings, context.RequestAborted) is { } refused) return refused;

        Channel channel;
        try
        {
            channel = await store.SaveAsync(null, name!, enabled, settings, context.RequestAborted);
        }
        catch (ChannelEditConflict conflict)
        {
            return ApiRequests.Conflict(conflict.Message, "name");
        }

        context.Response.Headers.ETag = ApiRequests.ETag(channel.Version.ToString());
        return TypedResults.Created($"/api/v1/channels/{channel.Id}", Describe(channel, serializer));
    }

    private static async Task<IResult> PatchAsync(string idOrName, HttpContext context, AppDbContext db, ChannelStore store, ChannelSettingsSerializer serializer)
    {
        var (channel, missing) = await FindAsync(idOrName, db, context.RequestAborted);
        if (channel is null) return missing!;
        if (ApiRequests.IfMatchProblem(context.Request, channel.Version.ToString()) is { } ifMatch) return ifMatch;
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request);
        if (body is null) return unreadable!;
        var problems = new List<(string, string)>();
        ApiRequests.RefuseUnknown(body, ["name", "enabled", "settings"], problems);
        var name = ApiRequests.TryGetString(body, "name", problems, out var newName) ? newName! : channel.Name;
        var enabled = ApiRequests.GetBool(body, "enabled", problems) ?? channel.Enabled;
        if (problems.Count > 0) return ApiRequests.Invalid(problems);
        if (body["settings"] is not (JsonObject or null)) return ApiRequests.Invalid("settings", "settings must be an object with the settings to change.");

        // JSON merge patch of the settings: what is sent replaces, what is left out (secrets too) stays.
        var merged = ChannelSettingsSerializer.ToEditJson(serializer.Read(channel));
        foreach (var (setting, value) in (JsonObject?)body["settings"] ?? []) merged[setting] = value?.DeepClone();
        var settings = ReadSettings(channel.Kind, merged, out var badSetting);
        if (settings is null) return badSetting!;
        var given = ChannelSettingsSerializer.SecretProperties(settings.GetType())
            .Where(secret => ((JsonObject?)body["settings"])?.Any(sent => sent.Value is not null && string.Equals(sent.Key, secret.Name, StringComparison.OrdinalIgnoreCase)) == true)
            .Select(secret => secret.Name).ToList();
        if (store.SecretsLeftBehind(channel, settings, given) is { Count: > 0 } leftBehind)
            return ApiRequests.Invalid(leftBehind.Select(p => (ApiRequests.JsonField(p.Field), p.Message)).ToList());
        if (await CheckAsync(store, channel.Id, name, settings, context.RequestAborted) is { } refused) return refused;

        try
        {
            await store.SaveAsync(channel, name, enabled, settings, context.RequestAborted);
        }
        catch (ChannelEditConflict conflict)
        {
            return ApiRequests.Conflict(conflict.Message);
        }

        context.Response.Headers.ETag = ApiRequests.ETag(channel.Version.ToString());
        return TypedResults.Ok(Describe(channel, serializer));
    }

    private static async Task<IResult> DeleteAsync(string idOrName, HttpContext context, AppDbContext db, ChannelStore store)
    {
        var (channel, missing) = await FindAsync(idOrName, db, context.RequestAborted);
        if (channel is null) return missing!;
        if (ApiRequests.IfMatchProblem(context.Request, channel.Version.ToString()) is { } ifMatch) return ifMatch;
        await store.DeleteAsync(channel, context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>Sends a real test message now, as the Test button does; 200 whatever the outcome (the test ran), with the button's words.</summary>
    private static async Task<Results<Ok<ChannelTestView>, ProblemHttpResult>> TestAsync(string idOrName, HttpContext context, AppDbContext db, ChannelTester tester)
    {
        var (channel, missing) = await FindAsync(idOrName, db, context.RequestAborted);
        if (channel is null) return missing!;
        var result = await tester.TestAsync(channel, context.RequestAborted);
        return TypedResults.Ok(new ChannelTestView(result is DeliveryResult.Sent, ChannelTestOutcome.Of(result), ChannelTestOutcome.Message(result)));
    }

    private static ChannelSettings? ReadSettings(ChannelKind kind, JsonObject json, out IResult? problem)
    {
        problem = null;
        try
        {
            return ChannelSettingsSerializer.FromEditJson(kind, json);
        }
        catch (JsonException exception)
        {
            var path = exception.Path is { Length: > 1 } p ? "settings" + p[1..] : "settings";
            var unknown = exception.Message.Contains("could not be mapped", StringComparison.Ordinal);
            problem = ApiRequests.Invalid(path, unknown
                ? $"{path} is not a setting of {kind.ToString().ToLowerInvariant()} channels (docs/api.md lists them)."
                : ChoicesOf(kind, exception.Path) is { } choices ? $"{path} is one of {choices}."
                // An Email channel's to as ["a@x", "b@y"]: it is one text, as the form's field is.
                : exception.Message.Contains("System.String", StringComparison.Ordinal) ? $"{path} is text{(path == "settings.to" ? ": several addresses go in one, separated by commas" : "")}."
                : $"{path} has the wrong type of value (a number, text, true/false or one of the listed names, as docs/api.md shows).");
            return null;
        }
    }

    /// <summary>"startTls, ssl or none" for a setting that takes one of a set of names (as they are written in JSON); null for any other.</summary>
    private static string? ChoicesOf(ChannelKind kind, string? jsonPath)
    {
        var name = jsonPath?.TrimStart('$', '.');
        var property = ChannelSettingsSerializer.SettingsTypeFor(kind).GetProperties()
            .FirstOrDefault(p => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(p.Name), name, StringComparison.Ordinal));
        if ((Nullable.GetUnderlyingType(property?.PropertyType ?? typeof(object)) ?? property?.PropertyType) is not { IsEnum: true } type) return null;
        var names = Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName).ToList();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
    }

    /// <summary>The store's rules: 409 for a name another channel has, 400 naming the field for the rest.</summary>
    private static async Task<IResult?> CheckAsync(ChannelStore store, Guid? id, string name, ChannelSettings settings, CancellationToken cancellationToken)
    {
        var problems = await store.CheckAsync(id, name, settings, cancellationToken);
        if (problems.FirstOrDefault(p => p.IsConflict) is { } conflict) return ApiRequests.Conflict(conflict.Message, "name");
        return problems.Count == 0 ? null : ApiRequests.Invalid(problems.Select(p => (ApiRequests.JsonField(p.Field), p.Message)).ToList());
    }

    private static ChannelView Describe(Channel channel, ChannelSettingsSerializer serializer)
    {
        var settings = serializer.Read(channel);
        return new ChannelView(channel.Id, channel.Name, channel.Kind, channel.Enabled, ChannelSettingsSerializer.ToPublicJson(settings),
            serializer.SecretsSet(channel).Select(ApiRequests.JsonField).Order().ToList(), settings.Summary,
            // Healthy as /metrics' notifyorleans_channel_up reads it: neither failed for good nor not answering.
            new ChannelHealthView(channel.IsHealthy && !channel.IsNotAnswering, channel.IsNotAnswering, channel.LastError, channel.LastErrorAt, channel.LastSuccessAt, channel.BlockedUntil),
            channel.Version, channel.CreatedAt, channel.UpdatedAt);
    }

    /// <summary>
    /// The channel a route names, by id or by name (case aside) as a body may (<see cref="KnownChannels"/>):
    /// POST /api/v1/channels/Pager/test needs no id looked up first. A 404 saying why when it names none.
    /// </summary>
    private static async Task<(Channel? Channel, ProblemHttpResult? Missing)> FindAsync(string idOrName, AppDbContext db, CancellationToken cancellationToken)
    {
        // Kestrel decodes a path but for %2F, the one slash left escaped ("ops%2Fnight"): read as the slash it is (JobRouteNames).
        var (id, problem) = (await KnownChannels.LoadAsync(db, cancellationToken)).Find(idOrName.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase));
        var channel = id is null ? null : await db.Channels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return channel is not null ? (channel, null)
            : (null, ApiRequests.NotFound("channel", problem is null ? $"No channel has the id {id}." : char.ToUpperInvariant(problem[0]) + problem[1..]));
    }
}
