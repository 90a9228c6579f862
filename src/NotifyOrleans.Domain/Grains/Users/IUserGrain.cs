namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>
/// One Orleans grain per console user, keyed by the Identity user id. It owns what the
/// notification side needs to know about a person: time zone, direct-notification preferences,
/// subscriptions, quiet hours, login history (its row in UserStates), and the digest of what quiet hours held back.
/// </summary>
[Alias("IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    [Alias("GetSnapshot")]
    Task<UserSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <exception cref="ArgumentException">The time zone is not a known IANA or Windows id.</exception>
    [Alias("UpdatePreferences")]
    Task UpdatePreferencesAsync(NotificationPreferences preferences, CancellationToken cancellationToken = default);

    /// <exception cref="ArgumentException">A subscription is invalid; nothing changes.</exception>
    [Alias("SetSubscriptions")]
    Task SetSubscriptionsAsync(IReadOnlyList<Subscription> subscriptions, CancellationToken cancellationToken = default);

    /// <summary>Sends the messages quiet hours held back, now due, as one digest email; returns how many it carried.</summary>
    [Alias("SendDigest")]
    Task<int> SendDigestAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The scheduled summary of the period that ended last (its reminder calls this), once per
    /// period whoever calls; returns whether it was enqueued.
    /// </summary>
    [Alias("SendDueSummary")]
    Task<bool> SendDueSummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>"Send now": a summary of the last day or week (of the last day when summaries are off); null when sent, else why not.</summary>
    [Alias("SendSummaryNow")]
    Task<string?> SendSummaryNowAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers the summary's reminder if the person has a summary and it has none (the start-up check).</summary>
    [Alias("EnsureSummaryArmed")]
    Task EnsureSummaryArmedAsync(CancellationToken cancellationToken = default);

    [Alias("RecordLogin")]
    Task RecordLoginAsync(CancellationToken cancellationToken = default);
}
