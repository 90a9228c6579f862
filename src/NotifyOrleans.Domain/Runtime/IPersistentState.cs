namespace NotifyOrleans.Domain.Runtime;

/// <summary>
/// A grain's persisted state, loaded before each turn. <see cref="WriteStateAsync"/> commits it
/// together with anything else the turn staged (outbox rows, reminders) in one transaction.
/// </summary>
public interface IPersistentState<TState> where TState : class
{
    TState State { get; }

    /// <summary>False until the state has been written once.</summary>
    bool RecordExists { get; }

    Task WriteStateAsync(CancellationToken cancellationToken = default);
}
