using System.Linq.Expressions;
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

    /// <summary>
    /// Transient failures in a row (timeouts, refused connections, 5xx). Each one backs the whole
    /// channel off for longer; from <see cref="FailuresBeforeFlagged"/> on it shows as not
    /// answering. One success resets it and wakes the rows that waited.
    /// </summary>
    public int ConsecutiveFailures { get; set; }

    public const int FailuresBeforeFlagged = 3;

    public bool IsNotAnswering => ConsecutiveFailures >= FailuresBeforeFlagged;

    /// <summary>
    /// Whether its last attempt failed (a Test, or a send before it counts as not answering), in a
    /// form a query can use: the channel is still sent to, but another that works is the better choice.
    /// </summary>
    public static readonly Expression<Func<Channel, bool>> LastAttemptFailedRule =
        c => c.LastErrorAt != null && (c.LastSuccessAt == null || c.LastErrorAt > c.LastSuccessAt);

    private static readonly Func<Channel, bool> LastAttemptFailedOf = LastAttemptFailedRule.Compile();

    /// <inheritdoc cref="LastAttemptFailedRule"/>
    public bool LastAttemptFailed => LastAttemptFailedOf(this);

    /// <summary>
    /// Whether its rows wait until somebody acts on it: it is switched off, or failed for good (until it
    /// is saved again or a Test works). A back-off or a rate limit ends by itself and is not this.
    /// </summary>
    public bool WaitsForSomebody => !Enabled || !IsHealthy;

    /// <summary>Rate limit: nothing is sent to this channel before this time (from 429s and rate-limit headers).</summary>
    public DateTimeOffset? BlockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Counts the admin's edits that changed something (not the dispatcher's health updates): the API's ETag, and the guard against lost edits (<see cref="ChannelStore.SaveAsync"/>).</summary>
    public int Version { get; set; }
}
