using System.ComponentModel.DataAnnotations;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Discord;

public sealed class DiscordSettings : ChannelSettings
{
    public override ChannelKind Kind => ChannelKind.Discord;

    /// <summary>The whole URL is secret: its last segment is the webhook's token.</summary>
    [Destination]
    [Secret]
    [Required(ErrorMessage = "Paste the webhook URL from Discord (Server Settings → Integrations → Webhooks).")]
    [StringLength(500, ErrorMessage = "A webhook URL is at most 500 characters.")]
    public string WebhookUrl { get; set; } = "";

    [Required(ErrorMessage = "Enter the name the messages are posted under.")]
    [StringLength(80, ErrorMessage = "Discord allows at most 80 characters.")]
    public string Username { get; set; } = "Backup Manager";

    [StringLength(500)]
    [HttpUrl(ErrorMessage = "Enter a full http(s) URL for the avatar.")]
    public string? AvatarUrl { get; set; }

    public override string Summary => $"Discord webhook{(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) ? $" on {uri.Host}" : "")} as {Username}";

    /// <summary>An http(s) URL whose path ends in <c>webhooks/&lt;id&gt;/&lt;token&gt;</c>: without the token Discord answers 401 to every send.</summary>
    private static bool IsWebhookUrl(string url)
    {
        if (!HttpUrlAttribute.IsHttpUrl(url)) return false;
        var path = new Uri(url).AbsolutePath.Split("/webhooks/", 2);
        return path.Length == 2 && path[1].Split('/', StringSplitOptions.RemoveEmptyEntries).Length >= 2;
    }

    public override IEnumerable<(string Property, string Message)> Validate()
    {
        if (!string.IsNullOrEmpty(WebhookUrl) && !IsWebhookUrl(WebhookUrl))
            yield return (nameof(WebhookUrl), "This is not a Discord webhook URL: it looks like https://discord.com/api/webhooks/<id>/<token>.");
        if (Username is { } name && (name.Contains("clyde", StringComparison.OrdinalIgnoreCase) || name.Contains("discord", StringComparison.OrdinalIgnoreCase)))
            yield return (nameof(Username), "Discord refuses names containing 'clyde' or 'discord'.");
    }
}
