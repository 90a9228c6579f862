using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>
/// Sends messages to one kind of channel. A transport never throws for a delivery problem: it
/// answers with a <see cref="DeliveryResult"/> whose error text is what the delivery log shows.
/// </summary>
public interface IChannelTransport
{
    ChannelKind Kind { get; }

    /// <summary>
    /// How many of the waiting messages (in order) fit into one send. Discord packs up to 10
    /// embeds, email may combine many into a digest; most transports send one at a time.
    /// </summary>
    int HowManyFit(IReadOnlyList<NotificationMessage> waiting) => 1;

    /// <summary>
    /// How many sends the dispatcher may make to one channel at once (never two of one job's
    /// messages). One for destinations with a tight rate limit (Discord, ntfy) or one connection
    /// (SMTP), where side by side sends would only meet the limit sooner.
    /// </summary>
    int ParallelSends => 1;

    /// <param name="recipient">A specific addressee (an email address) or null for the channel's own destination.</param>
    Task<DeliveryResult> SendAsync(ChannelSettings settings, IReadOnlyList<NotificationMessage> messages, string? recipient, CancellationToken cancellationToken);
}
