using System.Linq.Expressions;
using NotifyOrleans.Domain;
using NotifyOrleans.Infrastructure.Channels;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// Whether a channel takes notifications now, and if not, why its rows wait and until when: it is
/// switched off or failed (until somebody mends it), backing off after failures in a row, or
/// rate-limited. The wait is kept on the channel alone. Written into each waiting row, it cost a
/// dead destination's whole backlog a new version of every row at every backoff, the costliest
/// statement of delivery on PostgreSQL (docs/benchmarks.md); the dispatcher now passes such a
/// channel by, and the delivery log reads the wait from the channel.
/// </summary>
public static class ChannelWaits
{
    /// <summary>The channels whose due rows may be claimed and sent now, as a query's condition.</summary>
    public static Expression<Func<Channel, bool>> TakesRows(DateTimeOffset now) =>
        c => c.Enabled && c.IsHealthy && (c.BlockedUntil == null || c.BlockedUntil <= now);

    /// <summary>
    /// Why the channel's rows wait now, or null when it takes them. A channel not answering says its
    /// last error too, as its System Error does: the row's own first error ("Connection refused")
    /// would otherwise be hidden behind the wait.
    /// </summary>
    public static string? Reason(Channel channel, DateTimeOffset now) =>
        channel.WaitsForSomebody ? channel.Enabled
            ? $"Waiting: the channel failed ({channel.LastError?.TrimEnd('.')}). Fix it, or press Test once it works again." // not "….)."
            : "Waiting: the channel is disabled."
        : channel.BlockedUntil > now ? channel.ConsecutiveFailures > 0
            // In the words of the channel's badge: "Not answering" from its third failure, "Last attempt failed" before.
            ? (channel.IsNotAnswering ? "Waiting: the channel is not answering" : "Waiting: the channel's last attempt failed")
              + $" ({Counts.Of(channel.ConsecutiveFailures, "failure")} in a row)" + (channel.LastError is { Length: > 0 } error ? $": {error}" : ".")
            : "Waiting for the channel's rate limit."
        : null;

    /// <summary>
    /// When a pending row is tried next: its own time, or the end of its channel's wait if that is
    /// later; null while the channel waits for somebody (switched off or failed), which has no time.
    /// </summary>
    public static DateTimeOffset? NextAttempt(OutboxMessage row, Channel? channel) =>
        channel is { WaitsForSomebody: true } ? null
        : channel?.BlockedUntil > row.NextAttemptAt ? channel.BlockedUntil
        : row.NextAttemptAt;

    /// <summary>What the delivery log says went wrong with a row: for a pending row its channel's wait, if it waits; else the row's own last error.</summary>
    public static string? LastError(OutboxMessage row, Channel? channel, DateTimeOffset now) =>
        row.Status == OutboxStatus.Pending && channel is not null && Reason(channel, now) is { } waiting ? waiting : row.LastError;
}
