namespace NotifyOrleans.Domain.Grains.ConfigurationBackups;

/// <summary>
/// The one grain (key <see cref="Key"/>) whose reminder runs the scheduled configuration export:
/// a reminder fires on exactly one node, so a cluster exports once per period, not once per node.
/// </summary>
[Alias("IConfigurationBackupGrain")]
public interface IConfigurationBackupGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>Registers the reminder for the configured period (or removes it); a period already registered keeps its due time.</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync(TimeSpan? every);
}
