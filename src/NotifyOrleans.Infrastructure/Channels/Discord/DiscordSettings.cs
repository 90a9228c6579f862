using System.ComponentModel.DataAnnotations;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Discord;

public sealed class DiscordSettings : ChannelSettings
{
    public override ChannelKind Kind => ChannelKind.Discord;

    /// <summary>The whole URL is secret: its last segment is the webhook's token.</summary>
    [Secret]
    [Required(ErrorMessage = "Paste the webhook URL from Discord (Server Settings → Integrations → Webhooks).")]
    [StringLength(500, ErrorMessage = "A webhook URL is at most 500 characters.")]
    public string WebhookUrl { get; set; } = "";

    [StringLength(80, ErrorMessage = "Discord allows at most 80 characters.")]
    public string Username { get; set; } = "Backup Manager";

    [StringLength(500)]
    [Url(ErrorMessage = "Enter a full http(s) URL for the avatar.")]
    public string? AvatarUrl { get; set; }

    public override string Summary => $"Discord webhook{(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) ? $" on {uri.Host}" : "")} as {Username}";

    public override IEnumerable<(string Property, string Message)> Validate()
    {
        if (!string.IsNullOrEmpty(WebhookUrl) &&
            (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !uri.AbsolutePath.Contains("/webhooks/", StringComparison.Ordinal)))
            yield return (nameof(WebhookUrl), "This is not a Discord webhook URL: it looks like https://discord.com/api/webhooks/<id>/<token>.");
        if (Username.Contains("clyde", StringComparison.OrdinalIgnoreCase) || Username.Contains("discord", StringComparison.OrdinalIgnoreCase))
            yield return (nameof(Username), "Discord refuses names containing 'clyde' or 'discord'.");
    }
}
