namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>Bound to the <c>Delivery</c> section.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>False for a node that only serves the console and the API and leaves delivery to others.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often an idle dispatcher looks for work (it is also woken when rows are enqueued).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each node looks for quiet hours that ended, to send their digests (<see cref="Subscriptions.DigestSender"/>).</summary>
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a claimed row is hidden from other dispatchers; a crashed node's rows return after it.
    /// A batch that takes longer renews it (<see cref="BatchLease"/>) when half is gone, so it must be
    /// well over twice the longest single send (<see cref="HttpTimeout"/>, the SMTP timeout).
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Rows one channel's worker claims at a time.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Sent rows are marked at the end of their batch, or once this long has passed since the last
    /// mark: what a crash can re-send, and how long the delivery log may still say Pending.
    /// </summary>
    public TimeSpan MarkInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a channel's worker that caught up lets rows gather before it claims again (at most this much added delay).</summary>
    public TimeSpan Gather { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Channels delivered side by side on this node; each has at most one worker.</summary>
    public int MaxConcurrentChannels { get; set; } = 16;

    /// <summary>How long an HTTP channel (Discord, ntfy, webhook) may take to answer one send.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Keep retrying a failing row this long before it is dead.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long rows wait before looking again at a disabled or unhealthy channel; also how often each
    /// node looks for rows left waiting for a channel that was deleted (<see cref="OutboxClaimer.DeletedChannelsAsync"/>).
    /// </summary>
    public TimeSpan HeldChannelRecheck { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>One System Error notification per fault (a channel, the database, a task) in this window; the next counts the repeats.</summary>
    public TimeSpan SystemErrorThrottle { get; set; } = TimeSpan.FromHours(1);
}
