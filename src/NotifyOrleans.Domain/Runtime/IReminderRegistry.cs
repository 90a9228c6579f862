namespace NotifyOrleans.Domain.Runtime;

/// <summary>
/// Durable reminders of the current grain. A reminder survives restarts and fires on exactly one
/// node: it is a row with an indexed due time, not an in-memory timer.
/// </summary>
public interface IReminderRegistry
{
    /// <param name="period">Null for a one-shot reminder; otherwise it is re-armed after each delivery.</param>
    Task RegisterOrUpdateReminderAsync(string reminderName, DateTimeOffset dueAt, TimeSpan? period = null, CancellationToken cancellationToken = default);

    Task UnregisterReminderAsync(string reminderName, CancellationToken cancellationToken = default);
}
