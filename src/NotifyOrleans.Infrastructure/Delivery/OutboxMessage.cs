namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// Where a row is: waiting to be sent (<see cref="Pending"/>), done (<see cref="Sent"/>,
/// <see cref="Dead"/>, <see cref="Cancelled"/>), or held by a person's quiet hours
/// (<see cref="Held"/>) until its digest carries it (<see cref="Digested"/>).
/// </summary>
public enum OutboxStatus { Pending, Sent, Dead, Cancelled, Held, Digested }

/// <summary>
/// One notification for one channel and recipient: written in the same transaction as what
/// caused it, then claimed, sent and marked by a dispatcher. It is also the delivery log's row.
/// </summary>
public sealed class OutboxMessage
{
    public const int DedupKeyMaxLength = 200;

    public long Id { get; set; }
    public Guid ChannelId { get; set; }

    /// <summary>A specific addressee (an email address), or "" for the channel's own destination.</summary>
    public string Recipient { get; set; } = "";

    /// <summary>Same event, channel and recipient → same key: enqueued once, whatever happens.</summary>
    public string DedupKey { get; set; } = "";

    public string EventType { get; set; } = "";

    /// <summary>Lower goes first: failures and escalations before successes and summaries.</summary>
    public int Priority { get; set; }

    /// <summary>The channel-neutral message, serialized; rendered per channel at send time.</summary>
    public string MessageJson { get; set; } = "";

    /// <summary>The message title, for the delivery log's list and filters.</summary>
    public string Title { get; set; } = "";

    /// <summary>The backup job this is about, if any, for filtering the log.</summary>
    public string? JobKey { get; set; }

    public OutboxStatus Status { get; set; }

    /// <summary>For a row held by quiet hours: the user whose digest carries it, once <see cref="NextAttemptAt"/> has come.</summary>
    public string? HeldFor { get; set; }

    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>After this the row is given up as dead (configurable, 24 h by default); reset by Retry now.</summary>
    public DateTimeOffset GiveUpAt { get; set; }

    /// <summary>Lease: while in the future, a dispatcher is working on the row.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>
    /// How many messages the send that delivered this one carried: 1 alone, more when waiting messages
    /// went together (one email digest, up to ten embeds in one Discord call). Null until sent. The log
    /// says so: twelve rows Sent read as twelve mails when one arrived.
    /// </summary>
    public int? SentTogether { get; set; }

    public string? LastError { get; set; }
}
