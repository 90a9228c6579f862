namespace NotifyOrleans.Domain.Grains.Retention;

/// <summary>
/// The one grain (key <see cref="Key"/>) whose daily reminder deletes what is older than the
/// configured retention: a reminder fires on exactly one node, so a cluster sweeps once a day.
/// </summary>
[Alias("IRetentionGrain")]
public interface IRetentionGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>Registers the daily reminder if it is not there yet (a registered one keeps its due time).</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync();
}
