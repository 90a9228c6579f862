using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Grains;

[Alias("IDeadlineTestGrain")]
public interface IDeadlineTestGrain : IGrainWithStringKey
{
    /// <summary>Sets a deadline; the reminder that wakes the grain for it is first due after <paramref name="reminderDueIn"/>.</summary>
    [Alias("Arm")]
    Task ArmAsync(DateTimeOffset deadline, TimeSpan reminderDueIn);

    [Alias("GetFiredCount")]
    Task<int> GetFiredCountAsync();
}

/// <summary>
/// The deadline pattern the job grain's overdue timer will use, in a grain that exists only in
/// these tests: Orleans reminders are periodic, so the grain fires once and unregisters; and it
/// re-checks its deadline whenever it activates, so a deadline that passed while no silo ran is
/// not lost. It borrows the UserStates table: PreferencesUpdatedAt is the deadline, LoginCount
/// counts the times it fired.
/// </summary>
[GrainType("deadline-test")]
public sealed class DeadlineTestGrain(IDbContextFactory<AppDbContext> dbs, GroupCommit commits, TimeProvider time) : RowGrain<UserState>(dbs, commits), IDeadlineTestGrain, IRemindable
{
    public const string ReminderName = "deadline";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        await CheckDeadlineAsync();
    }

    public async Task ArmAsync(DateTimeOffset deadline, TimeSpan reminderDueIn)
    {
        await ChangeAsync(_ =>
        {
            State.PreferencesUpdatedAt = deadline;
            return Task.FromResult((true, true));
        }, default);
        await this.RegisterOrUpdateReminder(ReminderName, reminderDueIn, TimeSpan.FromMinutes(1));
    }

    public Task<int> GetFiredCountAsync() => Task.FromResult(State.LoginCount);

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckDeadlineAsync();

    private async Task CheckDeadlineAsync()
    {
        if (State.PreferencesUpdatedAt is not { } deadline || deadline > time.GetUtcNow()) return;
        await ChangeAsync(_ =>
        {
            State.LoginCount++;
            State.PreferencesUpdatedAt = null;
            return Task.FromResult((true, true));
        }, default);
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }
}
