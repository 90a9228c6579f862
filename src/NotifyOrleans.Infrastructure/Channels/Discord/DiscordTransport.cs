using System.Globalization;
using System.Net;
using System.Text.Json;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Discord;

/// <summary>
/// Discord webhooks: rich embeds, up to 10 per call, sent with <c>?wait=true</c> so a 200 proves
/// delivery. Honours 429 <c>retry_after</c>, the X-RateLimit-* headers and the global limit (<see cref="DiscordGlobalLimit"/>).
/// </summary>
public sealed class DiscordTransport(IHttpClientFactory httpClients, DiscordGlobalLimit globalLimit) : HttpTransportBase(httpClients), IChannelTransport
{
    public ChannelKind Kind => ChannelKind.Discord;

    public int HowManyFit(IReadOnlyList<NotificationMessage> waiting) => DiscordEmbeds.HowManyFit(waiting);

    public Task<DeliveryResult> SendAsync(ChannelSettings settings, IReadOnlyList<NotificationMessage> messages, string? recipient, CancellationToken cancellationToken)
    {
        var discord = (DiscordSettings)settings;
        var host = new Uri(discord.WebhookUrl).Host;
        if (globalLimit.Remaining(host) is { } wait)
            return Task.FromResult<DeliveryResult>(new DeliveryResult.RetryAfter(wait, GlobalLimitText(wait)));

        // Whole embeds when they fit together (HowManyFit packed them so); an equal share of the
        // 6,000 characters each only when a caller sent more than fits.
        var whole = messages.Select(m => DiscordEmbeds.Build(m)).ToArray();
        var budget = DiscordEmbeds.MaxTotalCharacters / Math.Max(1, messages.Count);
        var payload = new
        {
            username = discord.Username,
            avatar_url = string.IsNullOrWhiteSpace(discord.AvatarUrl) ? null : discord.AvatarUrl,
            embeds = whole.Sum(e => e.Size) <= DiscordEmbeds.MaxTotalCharacters ? whole : messages.Select(m => DiscordEmbeds.Build(m, budget)).ToArray(),
            // Text from backup reports must never ping anyone.
            allowed_mentions = new { parse = Array.Empty<string>() },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, WithWait(discord.WebhookUrl))
        {
            Content = JsonBody(payload, Json),
        };
        return SendAsync(request, response => InterpretAsync(response, host), cancellationToken);
    }

    private static string GlobalLimitText(TimeSpan wait) =>
        $"Discord's global rate limit for this server's address (Discord asks to wait {wait.TotalSeconds:0.#} s; all Discord channels wait)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private async Task<DeliveryResult?> InterpretAsync(HttpResponseMessage response, string host)
    {
        if (response.IsSuccessStatusCode)
        {
            var remaining = Header(response, "X-RateLimit-Remaining");
            var resetAfter = Header(response, "X-RateLimit-Reset-After");
            return new DeliveryResult.Sent(remaining == 0 && resetAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var (fromBody, globalInBody) = await RateLimitFromBodyAsync(response);
            var retryAfter = fromBody ?? RetryAfterHeader(response) ?? TimeSpan.FromSeconds(5);
            if (!globalInBody && !IsGlobal(response))
                return new DeliveryResult.RetryAfter(retryAfter, $"You are being rate limited (Discord asks to wait {retryAfter.TotalSeconds:0.#} s)");
            globalLimit.Hold(host, retryAfter);
            return new DeliveryResult.RetryAfter(retryAfter, GlobalLimitText(retryAfter));
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
            return new DeliveryResult.PermanentFailure($"Invalid Webhook Token: Discord answered 401{await ErrorDetailAsync(response, default)}. Copy the webhook URL from Discord again.");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return new DeliveryResult.PermanentFailure($"Unknown Webhook: Discord answered 404{await ErrorDetailAsync(response, default)}. The webhook was deleted: create a new one in Discord and paste its URL.");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var detail = await ErrorDetailAsync(response, default);
            return await RefusesTheChannelAsync(response)
                ? new DeliveryResult.PermanentFailure($"Discord refused the channel's messages{detail}. Check its settings (a forum channel needs a thread in the URL: ?thread_id=…).")
                : new DeliveryResult.Rejected($"Discord refused the message{detail}");
        }

        return null;
    }

    /// <summary>
    /// Whether a 400 is about what every message of the channel carries (the webhook posts into a
    /// forum that needs a thread, 220001; the name or avatar it posts under) rather than this
    /// message's embeds: the channel pauses until someone fixes it, where only the message dies otherwise.
    /// </summary>
    private static async Task<bool> RefusesTheChannelAsync(HttpResponseMessage response)
    {
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = body.RootElement;
            return root.TryGetProperty("code", out var code) && code.TryGetInt32(out var number) && number == 220001
                || root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                    && (errors.TryGetProperty("username", out _) || errors.TryGetProperty("avatar_url", out _) || errors.TryGetProperty("thread_id", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A 429's <c>retry_after</c> (seconds, a float) and whether its <c>global</c> is true.</summary>
    private static async Task<(TimeSpan? RetryAfter, bool Global)> RateLimitFromBodyAsync(HttpResponseMessage response)
    {
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = body.RootElement;
            var retryAfter = root.TryGetProperty("retry_after", out var value) && value.TryGetDouble(out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return (retryAfter, root.TryGetProperty("global", out var global) && global.ValueKind == JsonValueKind.True);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    private static bool IsGlobal(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-RateLimit-Global", out var values) && values.Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase))
        || response.Headers.TryGetValues("X-RateLimit-Scope", out var scopes) && scopes.Any(v => v.Equals("global", StringComparison.OrdinalIgnoreCase));

    private static double? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) &&
        double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string WithWait(string url) => url.Contains("wait=", StringComparison.Ordinal)
        ? url
        : url + (url.Contains('?') ? "&" : "?") + "wait=true";
}
