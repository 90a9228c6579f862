namespace NotifyOrleans.Infrastructure.Runtime;

/// <summary>Bound to the <c>Grains</c> section.</summary>
public sealed class GrainRuntimeOptions
{
    public const string Section = "Grains";

    /// <summary>How often a turn is replayed when another node keeps winning the write race.</summary>
    public int MaxConcurrencyRetries { get; set; } = 10;

    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed reminder is hidden from other nodes before it counts as abandoned.</summary>
    public TimeSpan ReminderLease { get; set; } = TimeSpan.FromMinutes(2);

    public int ReminderBatchSize { get; set; } = 100;
}
