using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>
/// Discord's Execute Webhook as SERVICE-FACTS.md describes it: field and 6000-character limits
/// (400/50035 with an errors tree; empty field names and values refused), a forum channel's
/// 400/220001 without a thread, an AutoMod block (400/200000), 401/50027 for a wrong token, 404/10015 for an unknown
/// webhook, 204 vs 200 by <c>wait</c>, X-RateLimit-* headers on every answer, and a per-webhook
/// bucket (5 per 2 s by default) answering 429 with Retry-After and a float <c>retry_after</c>, and
/// the global limit across all webhooks (50 a second) answering a 429 marked global.
/// </summary>
public sealed class FakeDiscord(int bucketSize = 5, double windowSeconds = 2, int globalLimit = 50, double globalWindowSeconds = 1) : FakeServer
{
    private readonly Dictionary<string, (string Token, TokenBucket Bucket)> _webhooks = [];
    private readonly TokenBucket _global = new(globalLimit, TimeSpan.FromSeconds(globalWindowSeconds), refillAll: true);

    /// <summary>Every embed Discord accepted, in order.</summary>
    public List<JsonObject> Embeds { get; } = [];

    /// <summary>The accepted payloads (one per successful call).</summary>
    public List<JsonObject> Payloads { get; } = [];

    /// <summary>The server's AutoMod keyword filter: a call with an embed titled with one of these is refused whole (400/200000).</summary>
    public string? BlockedWord { get; set; }

    /// <summary>The webhooks post into a forum channel: a call without a thread is refused (400/220001).</summary>
    public bool IsForum { get; set; }

    public string CreateWebhook(string id = "1234567890", string token = "secret-token-abc")
    {
        lock (_webhooks) _webhooks[id] = (token, new TokenBucket(bucketSize, TimeSpan.FromSeconds(windowSeconds), refillAll: true));
        return $"{BaseUrl}/api/webhooks/{id}/{token}";
    }

    public void DeleteWebhook(string id) { lock (_webhooks) _webhooks.Remove(id); }

    protected override void Map(WebApplication app) =>
        app.MapPost("/api/webhooks/{id}/{token}", (Delegate)HandleAsync);

    private async Task<IResult> HandleAsync(HttpContext context, string id, string token)
    {
        (string Token, TokenBucket Bucket) webhook;
        lock (_webhooks)
        {
            if (!_webhooks.TryGetValue(id, out webhook)) return Error(404, 10015, "Unknown Webhook");
        }

        if (webhook.Token != token) return Error(401, 50027, "Invalid Webhook Token");

        if (_global.Take() is (false, _, var globalReset))
        {
            // Discord's global 429 carries no X-RateLimit-Limit/Remaining of a bucket.
            context.Response.Headers.RetryAfter = Math.Ceiling(globalReset.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-RateLimit-Global"] = "true";
            context.Response.Headers["X-RateLimit-Scope"] = "global";
            return Results.Json(new { message = "You are being rate limited.", retry_after = Math.Round(globalReset.TotalSeconds, 3), global = true }, statusCode: 429);
        }

        var (allowed, remaining, resetAfter) = webhook.Bucket.Take();
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = webhook.Bucket.Capacity.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = resetAfter.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow + resetAfter).ToUnixTimeMilliseconds() / 1000.0 + "";
        headers["X-RateLimit-Bucket"] = "fake-" + id;
        if (!allowed)
        {
            headers.RetryAfter = Math.Ceiling(resetAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Scope"] = "user";
            return Results.Json(new { message = "You are being rate limited.", retry_after = Math.Round(resetAfter.TotalSeconds, 3), global = false }, statusCode: 429);
        }

        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject
                      ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return Error(400, 50109, "The request body contains invalid JSON.");
        }

        if (IsForum && !context.Request.Query.ContainsKey("thread_id") && payload["thread_name"] is null)
            return Error(400, 220001, "Webhooks posted to forum channels must have a thread_name or thread_id");
        if (BlockedWord is { } blocked && (payload["embeds"]?.AsArray() ?? []).Any(e => e?["title"]?.GetValue<string>().Contains(blocked, StringComparison.OrdinalIgnoreCase) == true))
            return Error(400, 200000, "Message was blocked by automatic moderation");

        var errors = Validate(payload);
        if (errors.Count > 0)
            return Results.Json(new { code = 50035, message = "Invalid Form Body", errors }, statusCode: 400);

        lock (Embeds)
        {
            Payloads.Add(payload);
            foreach (var embed in payload["embeds"]?.AsArray() ?? []) Embeds.Add((JsonObject)embed!);
        }

        return context.Request.Query["wait"] == "true"
            ? Results.Json(new { id = Random.Shared.NextInt64(1, long.MaxValue).ToString(), type = 0, content = payload["content"]?.ToString() ?? "", embeds = payload["embeds"], webhook_id = id })
            : Results.NoContent();
    }

    private static Dictionary<string, object> Validate(JsonObject payload)
    {
        var errors = new Dictionary<string, object>();
        void Fail(string path, string message) => errors[path] = new { _errors = new[] { new { code = "BASE_TYPE_MAX_LENGTH", message } } };

        var content = payload["content"]?.GetValue<string>() ?? "";
        var embeds = payload["embeds"]?.AsArray() ?? [];
        if (content.Length == 0 && embeds.Count == 0)
        {
            errors["_empty"] = new { code = 50006, message = "Cannot send an empty message" };
            return errors;
        }

        if (content.Length > 2000) Fail("content", "Must be 2000 or fewer in length.");
        if (payload["username"]?.GetValue<string>() is { } username &&
            (username.Length > 80 || username.Contains("clyde", StringComparison.OrdinalIgnoreCase) || username.Contains("discord", StringComparison.OrdinalIgnoreCase)))
            Fail("username", "Username cannot contain \"discord\" or \"clyde\" and is at most 80 characters.");
        if (embeds.Count > 10) Fail("embeds", "Must be 10 or fewer in length.");

        var total = 0;
        for (var i = 0; i < embeds.Count; i++)
        {
            var embed = (JsonObject)embeds[i]!;
            int Len(string name, int limit, JsonNode? node)
            {
                var text = (node?.GetValue<string>() ?? "").Trim();
                if (text.Length > limit) Fail($"embeds.{i}.{name}", $"Must be {limit} or fewer in length.");
                return text.Length;
            }

            total += Len("title", 256, embed["title"]);
            total += Len("description", 4096, embed["description"]);
            total += Len("footer.text", 2048, embed["footer"]?["text"]);
            total += Len("author.name", 256, embed["author"]?["name"]);
            var fields = embed["fields"]?.AsArray() ?? [];
            if (fields.Count > 25) Fail($"embeds.{i}.fields", "Must be 25 or fewer in length.");
            for (var f = 0; f < fields.Count; f++)
            {
                var (name, value) = (Len($"fields.{f}.name", 256, fields[f]!["name"]), Len($"fields.{f}.value", 1024, fields[f]!["value"]));
                if (name == 0) Fail($"embeds.{i}.fields.{f}.name", "This field is required");
                if (value == 0) Fail($"embeds.{i}.fields.{f}.value", "This field is required");
                total += name + value;
            }
        }

        if (total > 6000) Fail("embeds", "Embed size exceeds maximum size of 6000");
        return errors;
    }

    private static IResult Error(int status, int code, string message) => Results.Json(new { message, code }, statusCode: status);
}
