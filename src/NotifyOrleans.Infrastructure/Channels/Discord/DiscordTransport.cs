using System.Globalization;
using System.Net;
using System.Text.Json;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Discord;

/// <summary>
/// Discord webhooks: rich embeds, up to 10 per call, sent with <c>?wait=true</c> so a 200 proves
/// delivery. Honours 429 <c>retry_after</c> and the X-RateLimit-* headers.
/// </summary>
public sealed class DiscordTransport(IHttpClientFactory httpClients) : HttpTransportBase(httpClients), IChannelTransport
{
    public ChannelKind Kind => ChannelKind.Discord;

    public int HowManyFit(IReadOnlyList<NotificationMessage> waiting) => DiscordEmbeds.HowManyFit(waiting);

    public Task<DeliveryResult> SendAsync(ChannelSettings settings, IReadOnlyList<NotificationMessage> messages, string? recipient, CancellationToken cancellationToken)
    {
        var discord = (DiscordSettings)settings;
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
        return SendAsync(request, InterpretAsync, cancellationToken);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static async Task<DeliveryResult?> InterpretAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            var remaining = Header(response, "X-RateLimit-Remaining");
            var resetAfter = Header(response, "X-RateLimit-Reset-After");
            return new DeliveryResult.Sent(remaining == 0 && resetAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = await RetryAfterFromBodyAsync(response) ?? RetryAfterHeader(response) ?? TimeSpan.FromSeconds(5);
            return new DeliveryResult.RetryAfter(retryAfter, $"You are being rate limited (Discord asks to wait {retryAfter.TotalSeconds:0.#} s)");
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

    private static async Task<TimeSpan?> RetryAfterFromBodyAsync(HttpResponseMessage response)
    {
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.TryGetProperty("retry_after", out var value) && value.TryGetDouble(out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) &&
        double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string WithWait(string url) => url.Contains("wait=", StringComparison.Ordinal)
        ? url
        : url + (url.Contains('?') ? "&" : "?") + "wait=true";
}
