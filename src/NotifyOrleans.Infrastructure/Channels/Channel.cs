using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>
/// A configured destination that rules share. Its settings are JSON; its secrets (passwords,
/// tokens, webhook URLs) are a separate JSON document encrypted with Data Protection.
/// </summary>
public sealed class Channel
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public ChannelKind Kind { get; set; }
    public bool Enabled { get; set; } = true;
    public string SettingsJson { get; set; } = "{}";
    public string? ProtectedSecrets { get; set; }

    /// <summary>False after a permanent failure, until the channel is saved again or a Test succeeds.</summary>
    public bool IsHealthy { get; set; } = true;
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }

    /// <summary>Rate limit: nothing is sent to this channel before this time (from 429s and rate-limit headers).</summary>
    public DateTimeOffset? BlockedUntil { get; set; }

    /// <summary>When a System Error event was last raised for this channel (they are throttled).</summary>
    public DateTimeOffset? LastSystemErrorAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
