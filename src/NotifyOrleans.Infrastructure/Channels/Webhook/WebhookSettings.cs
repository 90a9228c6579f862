using System.ComponentModel.DataAnnotations;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Webhook;

public sealed class WebhookSettings : ChannelSettings
{
    public override ChannelKind Kind => ChannelKind.Webhook;

    /// <summary>Secret: webhook URLs often carry a token in the path or query.</summary>
    [Destination]
    [Secret]
    [Required(ErrorMessage = "Enter the URL to call.")]
    [HttpUrl(ErrorMessage = "Enter a full http(s) URL, like https://example.com/hook.")]
    [StringLength(1000)]
    public string Url { get; set; } = "";

    [AllowedValues("POST", "PUT", "PATCH", ErrorMessage = "Choose POST, PUT or PATCH.")]
    public string Method { get; set; } = "POST";

    /// <summary>Extra headers, one per line: <c>Name: value</c>. Secret, because they usually carry auth.</summary>
    [Secret]
    [StringLength(4000)]
    public string? Headers { get; set; }

    /// <summary>A Handlebars template for the JSON body; empty for the default body.</summary>
    [StringLength(8000)]
    public string? BodyTemplate { get; set; }

    public override string Summary => $"{Method} {(System.Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) : "")}";

    /// <summary>The URL, and each header's value rather than its line: a header's name is no secret.</summary>
    public override IEnumerable<string> SecretValues() => [Url, .. ParsedHeaders.Select(h => h.Value)];

    public IReadOnlyList<(string Name, string Value)> ParsedHeaders =>
        (Headers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2)
            .Select(parts => (parts[0], parts[1]))
            .ToList();

    public override IEnumerable<(string Property, string Message)> Validate()
    {
        // The HTTP client sends no login from the URL: it was accepted and silently dropped.
        if (Uri.TryCreate(Url, UriKind.Absolute, out var url) && url.UserInfo.Length > 0)
            yield return (nameof(Url), "A login in the URL (user:password@) is not sent: put it in Headers instead, as Authorization: Basic followed by the base64 of user:password.");
        foreach (var line in (Headers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[0].Any(c => char.IsWhiteSpace(c) || c is ':' or '(' or ')'))
                yield return (nameof(Headers), $"'{line}' is not a 'Name: value' header line.");
            else if (SetBySending.Contains(parts[0], StringComparer.OrdinalIgnoreCase))
                yield return (nameof(Headers), $"{parts[0]} is set when the request is sent: leave it out.");
        }

        if (!string.IsNullOrWhiteSpace(BodyTemplate) && WebhookBody.Check(BodyTemplate) is { } error)
            yield return (nameof(BodyTemplate), error);
        // A ready-made body's value left to fill in (Telegram's chat) would be refused at every send.
        else if (WebhookPresets.All.FirstOrDefault(p => p.Placeholder is { } value && (BodyTemplate ?? "").Contains($"\"{value}\"", StringComparison.Ordinal)) is { } unfilled)
            yield return (nameof(BodyTemplate), $"Replace {unfilled.Placeholder} in the body with your own value: {unfilled.Service} refuses a message with it.");
    }

    /// <summary>Headers the HTTP client writes from the body and the URL; a fixed value would contradict them.</summary>
    private static readonly string[] SetBySending = ["Content-Length", "Host", "Transfer-Encoding", "Connection"];
}
