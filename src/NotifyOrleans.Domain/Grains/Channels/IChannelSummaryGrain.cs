namespace NotifyOrleans.Domain.Grains.Channels;

/// <summary>
/// The channels' summary report (one grain, key "global"): all jobs, or one server's, to the chosen
/// channels, daily or weekly. Its reminder keeps the time; each period is sent once (its outbox key).
/// </summary>
[Alias("IChannelSummaryGrain")]
public interface IChannelSummaryGrain : IGrainWithStringKey
{
    public const string Key = "global";

    /// <summary>Moves the reminder to the next summary time, or removes it (after the setting changed).</summary>
    [Alias("Arm")]
    Task ArmAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers the reminder if a summary is set and it has none (the start-up check).</summary>
    [Alias("EnsureArmed")]
    Task EnsureArmedAsync(CancellationToken cancellationToken = default);

    /// <summary>The summary of the period that ended last, to every chosen channel that has not had it; returns how many it enqueued.</summary>
    [Alias("SendDue")]
    Task<int> SendDueAsync(CancellationToken cancellationToken = default);

    /// <summary>"Send now": the last day or week, to every chosen channel; returns how many it enqueued.</summary>
    [Alias("SendNow")]
    Task<int> SendNowAsync(CancellationToken cancellationToken = default);
}
