using NotifyOrleans.Domain.Runtime;

namespace NotifyOrleans.UnitTests.Support;

/// <summary>Grain state held in memory, counting writes, for driving grain behaviour without a database.</summary>
public sealed class InMemoryState<TState> : IPersistentState<TState> where TState : class, new()
{
    public TState State { get; } = new();
    public bool RecordExists => Writes > 0;
    public int Writes { get; private set; }

    public Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        Writes++;
        return Task.CompletedTask;
    }
}

/// <summary>Reminders registered by a grain under test.</summary>
public sealed class RecordingReminders : IReminderRegistry
{
    public Dictionary<string, (DateTimeOffset DueAt, TimeSpan? Period)> Registered { get; } = [];

    public Task RegisterOrUpdateReminderAsync(string reminderName, DateTimeOffset dueAt, TimeSpan? period = null, CancellationToken cancellationToken = default)
    {
        Registered[reminderName] = (dueAt, period);
        return Task.CompletedTask;
    }

    public Task UnregisterReminderAsync(string reminderName, CancellationToken cancellationToken = default)
    {
        Registered.Remove(reminderName);
        return Task.CompletedTask;
    }
}
