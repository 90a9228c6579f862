using NotifyOrleans.Domain;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Ntfy;

/// <summary>
/// ntfy's JSON publish API: a POST to the server's root URL with the topic in the body. ntfy sends
/// no Retry-After with its 429s: a rate-limited publish waits as long as the limit its error code
/// names takes to let one more through (<see cref="RateLimitWait"/>).
/// </summary>
public sealed partial class NtfyTransport(IHttpClientFactory httpClients) : HttpTransportBase(httpClients), IChannelTransport
{
    /// <summary>ntfy turns longer messages into attachments, which a server may not allow: stay below.</summary>
    public const int MaxMessageBytes = 4000;

    /// <summary>A phone shows a line or two of a title; the rest of the 8 KB body is the message's.</summary>
    public const int MaxTitleBytes = 250;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // ntfy limits the JSON body to 8 KB: \uXXXX escapes would triple non-ASCII text (é, emoji).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public ChannelKind Kind => ChannelKind.Ntfy;

    public Task<DeliveryResult> SendAsync(ChannelSettings settings, IReadOnlyList<NotificationMessage> messages, string? recipient, CancellationToken cancellationToken)
    {
        var ntfy = (NtfySettings)settings;
        var message = messages[0];
        // A link that acts (Acknowledge) is an http button: one tap POSTs it, and the notification clears.
        // The tap carries no login, so it says where it came from: the job then reads "Acknowledged by ntfy topic backups (one tap, not signed in)".
        var actions = message.Links.Select(l => l.Acts
                ? new Dictionary<string, object>
                {
                    ["action"] = "http", ["label"] = l.Label, ["url"] = l.Url, ["method"] = "POST", ["clear"] = true,
                    ["headers"] = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
                    ["body"] = "via=" + Uri.EscapeDataString($"ntfy topic {ntfy.Topic}"),
                }
                : new Dictionary<string, object> { ["action"] = "view", ["label"] = l.Label, ["url"] = l.Url })
            .Concat(ntfy.ParsedActions.Select(a => new Dictionary<string, object> { ["action"] = "view", ["label"] = a.Label, ["url"] = a.Url }))
            .Take(NtfySettings.MaxActions)
            .ToArray();
        var payload = new
        {
            topic = ntfy.Topic,
            // A title made long by a template ({{errorDetails}} in it) took the body past ntfy's 8 KB: 413, and the message died.
            title = CutUtf8(message.Title, MaxTitleBytes),
            message = Text(message),
            // The channel's own priority, except for an escalation: its step chose one on purpose.
            priority = Math.Clamp(message.EventType == EventTypes.BackupEscalated ? message.Priority : ntfy.Priority ?? message.Priority, 1, 5),
            tags = (message.Tags ?? []).Concat(SplitTags(ntfy.Tags)).Distinct().ToArray(),
            click = string.IsNullOrWhiteSpace(ntfy.ClickUrl) ? message.Links.FirstOrDefault(l => !l.Acts)?.Url : ntfy.ClickUrl,
            actions = actions.Length == 0 ? null : actions,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, ntfy.ServerUrl.TrimEnd('/') + "/")
        {
            Content = JsonBody(payload, Json),
        };
        if (!string.IsNullOrWhiteSpace(ntfy.AccessToken))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ntfy.AccessToken);
        else if (!string.IsNullOrWhiteSpace(ntfy.Username))
            request.Headers.Authorization = Basic(ntfy.Username, ntfy.Password ?? "");
        return SendAsync(request, InterpretAsync, cancellationToken);
    }

    private static async Task<DeliveryResult?> InterpretAsync(HttpResponseMessage response)
    {
        var detail = response.IsSuccessStatusCode ? "" : await ErrorDetailAsync(response, default);
        var code = ErrorCode().Match(detail) is { Success: true } match ? int.Parse(match.Groups[1].Value) : 0;
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new DeliveryResult.RetryAfter(RetryAfterHeader(response) ?? RateLimitWait(code), $"You are being rate limited by ntfy{detail}"),
            HttpStatusCode.Unauthorized => new DeliveryResult.PermanentFailure($"Invalid login credentials for ntfy (401){detail}"),
            HttpStatusCode.Forbidden => new DeliveryResult.PermanentFailure($"Not allowed to publish to this ntfy topic (403){detail}"),
            // 40009: the channel's topic itself is refused, not this message (a 400 for a message's size is that message's).
            HttpStatusCode.BadRequest when code == 40009 => new DeliveryResult.PermanentFailure($"ntfy refused the topic (400){detail}"),
            _ => null,
        };
    }

    /// <summary>ntfy's error body names its error: <c>{"code":42901,"http":429,"error":"limit reached: …"}</c>.</summary>
    [GeneratedRegex("\"code\"\\s*:\\s*(\\d{5})")]
    private static partial Regex ErrorCode();

    /// <summary>
    /// How long until the limit a 429's code names lets one more publish through (ntfy's defaults,
    /// SERVICE-FACTS.md). The request bucket (42901) gains a token every 5 s. ntfy.sh's daily
    /// message quota (42908, 250 a day) refills one message every 5.8 minutes: asked every 5 s, it
    /// had taken seventy refused requests per message that got through, for the rest of the day.
    /// Too many failed logins (42909) refill one a minute, as do the other limits, looked at again a minute on.
    /// </summary>
    internal static TimeSpan RateLimitWait(int code) => code switch
    {
        42901 => TimeSpan.FromSeconds(5),
        42908 => TimeSpan.FromDays(1) / 250,
        _ => TimeSpan.FromMinutes(1),
    };

    /// <summary>
    /// The body, then the structured fields as "Name: value" lines, within <see cref="MaxMessageBytes"/>:
    /// a long body is shortened in its middle (<see cref="ShortenedBody"/>) before the fields (at most
    /// half the room) are cut, so the server and job stay in the message whatever the error's length.
    /// </summary>
    internal static string Text(NotificationMessage message)
    {
        var fields = message.FieldsToShow().ToList() is { Count: > 0 } shown ? "\n\n" + string.Join("\n", shown.Select(field => $"{field.Name}: {field.Value}")) : "";
        fields = CutUtf8(fields, MaxMessageBytes / 2);
        return ShortenedBody.Fit(message.Body, MaxMessageBytes - Encoding.UTF8.GetByteCount(fields), Encoding.UTF8.GetByteCount) + fields;
    }

    private static IEnumerable<string> SplitTags(string? tags) =>
        (tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static string CutUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return text;
        var length = Math.Min(text.Length, maxBytes); // a character is at least one byte
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes - 3) length--;
        if (length > 0 && char.IsHighSurrogate(text[length - 1])) length--;
        return text[..length] + "…";
    }
}
