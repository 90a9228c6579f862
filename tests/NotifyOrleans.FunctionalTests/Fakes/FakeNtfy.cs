using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>
/// ntfy's JSON publish API (POST to the root URL) as SERVICE-FACTS.md describes it: topic regex,
/// integer priority 1–5, at most 3 actions, 4096-byte messages, 8192-byte bodies, bearer or basic
/// auth with 401/40101 and 403/40301, and a visitor bucket (60 burst, one more every 5 s) that
/// answers 429/42901 without Retry-After, and ntfy.sh's daily quota (429/42908) when given one.
/// </summary>
public sealed partial class FakeNtfy(int burst = 60, double refillSeconds = 5) : FakeServer
{
    private readonly TokenBucket _bucket = new(burst, TimeSpan.FromSeconds(refillSeconds), refillAll: false);

    /// <summary>Topic → the token (or "user:password") allowed to publish; topics not listed are open.</summary>
    public Dictionary<string, string> ProtectedTopics { get; } = [];

    public List<JsonObject> Messages { get; } = [];

    /// <summary>ntfy.sh's daily message quota (250 there; none on a self-hosted server): over it, 429/42908.</summary>
    public int? DailyMessageLimit { get; set; }

    protected override void Map(WebApplication app) => app.MapPost("/", (Delegate)PublishAsync);

    [GeneratedRegex("^[-_A-Za-z0-9]{1,64}$")]
    private static partial Regex TopicPattern();

    private async Task<IResult> PublishAsync(HttpContext context)
    {
        if (!_bucket.Take().Allowed) return Error(429, 42901, "limit reached: too many requests");

        var raw = await new StreamReader(context.Request.Body).ReadToEndAsync();
        if (Encoding.UTF8.GetByteCount(raw) > 8192) return Error(413, 41303, "request body too large");
        JsonObject message;
        try { message = JsonNode.Parse(raw) as JsonObject ?? throw new JsonException(); }
        catch (JsonException) { return Error(400, 40024, "invalid request: request body must be message JSON"); }

        var topic = message["topic"]?.GetValue<string>() ?? "";
        if (!TopicPattern().IsMatch(topic)) return Error(400, 40009, "invalid request: topic invalid");
        if (message["priority"] is { } priority && (priority.GetValueKind() != JsonValueKind.Number || priority.GetValue<int>() is < 1 or > 5))
            return Error(400, 40024, "invalid request: request body must be message JSON");
        if (message["actions"] is JsonArray actions && actions.Count > 3) return Error(400, 40018, "invalid request: too many actions");
        var text = message["message"]?.GetValue<string>() ?? "";
        if (Encoding.UTF8.GetByteCount(text) > 4096) return Error(400, 40014, "invalid request: attachments not allowed");

        // As ntfy: credentials it does not know are a 401 on any topic, open ones too; a protected
        // topic without any is a 403 (anonymous has no write access).
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0 && !ProtectedTopics.Values.Select(Header).Contains(authorization)) return Error(401, 40101, "unauthorized");
        if (ProtectedTopics.TryGetValue(topic, out var secret))
        {
            if (authorization.Length == 0) return Error(403, 40301, "forbidden");
            if (authorization != Header(secret)) return Error(403, 40301, "forbidden"); // a known user without write access to this topic
        }

        lock (Messages)
        {
            if (Messages.Count >= DailyMessageLimit) return Error(429, 42908, "limit reached: daily message quota reached");
            Messages.Add(message);
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Results.Json(new
        {
            id = Guid.NewGuid().ToString("N")[..12], time = now, expires = now + 43200, @event = "message", topic,
            title = message["title"]?.GetValue<string>(), message = text,
        });
    }

    /// <summary>The Authorization header of a "user:password" or a token.</summary>
    private static string Header(string secret) => secret.Contains(':')
        ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))
        : "Bearer " + secret;

    private static IResult Error(int status, int code, string error) =>
        Results.Json(new { code, http = status, error, link = "https://ntfy.sh/docs/publish/" }, statusCode: status);
}
