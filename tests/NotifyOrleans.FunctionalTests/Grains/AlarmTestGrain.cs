using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Runtime;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>
/// A grain that exists only in these tests, to exercise reminders through the real runtime. It
/// borrows the user-state table (the product has no remindable grain yet): LoginCount counts
/// the reminders it received.
/// </summary>
public interface IAlarmTestGrain : IRemindable
{
    Task ArmAsync(DateTimeOffset dueAt, TimeSpan? period = null);
    Task<int> GetFiredCountAsync();
}

public sealed class AlarmTestGrain(GrainContext<UserState> context) : IAlarmTestGrain
{
    public const string ReminderName = "alarm";

    /// <summary>Keys whose next delivery throws, to show a failed delivery is retried.</summary>
    public static readonly HashSet<string> FailingKeys = [];

    public Task ArmAsync(DateTimeOffset dueAt, TimeSpan? period = null) =>
        context.Reminders.RegisterOrUpdateReminderAsync(ReminderName, dueAt, period);

    public Task<int> GetFiredCountAsync() => Task.FromResult(context.State.State.LoginCount);

    public async Task ReceiveReminderAsync(string reminderName, CancellationToken cancellationToken = default)
    {
        lock (FailingKeys)
        {
            if (FailingKeys.Remove(context.Key)) throw new InvalidOperationException("simulated failure");
        }

        context.State.State.LoginCount++;
        await context.State.WriteStateAsync(cancellationToken);
    }
}
