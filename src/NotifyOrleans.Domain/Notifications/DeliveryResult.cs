namespace NotifyOrleans.Domain.Notifications;

/// <summary>What a channel transport says about one send.</summary>
public abstract record DeliveryResult
{
    private DeliveryResult() { }

    /// <summary>The destination accepted the message. <paramref name="CoolDown"/>: its rate-limit headers
    /// say the next send must wait this long.</summary>
    public sealed record Sent(TimeSpan? CoolDown = null) : DeliveryResult;

    /// <summary>The destination asked us to wait (HTTP 429, Retry-After, rate-limit headers).</summary>
    public sealed record RetryAfter(TimeSpan Delay, string Error) : DeliveryResult;

    /// <summary>Worth trying again later with backoff: a timeout, a refused connection, a 5xx.</summary>
    public sealed record TransientFailure(string Error) : DeliveryResult;

    /// <summary>Trying again cannot help until someone changes the channel: a deleted webhook, bad credentials.</summary>
    public sealed record PermanentFailure(string Error) : DeliveryResult;

    /// <summary>
    /// The destination refused this message, not the channel: a mailbox that does not exist, a body
    /// it cannot take (400, 413, 422). The message dies; the channel goes on with the others (one
    /// subscriber's deleted mailbox must not silence every alert that goes through the same server).
    /// </summary>
    public sealed record Rejected(string Error) : DeliveryResult;

    public static readonly DeliveryResult Success = new Sent();

    /// <summary>The same result with its error text changed (a secret taken out of it); a success as it is.</summary>
    public DeliveryResult WithErrorText(Func<string, string> change) => this switch
    {
        RetryAfter r => r with { Error = change(r.Error) },
        TransientFailure t => t with { Error = change(t.Error) },
        PermanentFailure p => p with { Error = change(p.Error) },
        Rejected r => r with { Error = change(r.Error) },
        _ => this,
    };

    public string? ErrorText => this switch
    {
        RetryAfter r => r.Error,
        TransientFailure t => t.Error,
        PermanentFailure p => p.Error,
        Rejected r => r.Error,
        _ => null,
    };
}
