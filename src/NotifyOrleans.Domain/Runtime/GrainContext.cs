namespace NotifyOrleans.Domain.Runtime;

/// <summary>
/// What the runtime hands a grain activation for one turn: its key, its state, its reminders and
/// the clock. Grains take it in their constructor, the way Orleans grains take
/// <c>IPersistentState&lt;T&gt;</c>.
/// </summary>
public sealed record GrainContext<TState>(
    string Key,
    IPersistentState<TState> State,
    IReminderRegistry Reminders,
    TimeProvider Time) where TState : class;
