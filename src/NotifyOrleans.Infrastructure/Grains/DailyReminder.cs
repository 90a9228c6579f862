using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// A reminder kept on the next time something is due by a calendar (a summary at 08:00 local
/// time); each tick moves it to the next due time, so daylight-saving changes are followed.
/// Reminders are periodic, and the period is what catches up: Orleans does not deliver a tick that
/// fell due while no node ran, it fires at the next due time plus whole periods. With a day's
/// period a summary due during a restart was skipped for good (and one whose tick failed, the
/// database away, was never retried); with a minute's, it comes a minute after the restart.
/// </summary>
public static class DailyReminder
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromMinutes(1);

    /// <summary>Registers <paramref name="name"/> for <paramref name="next"/>, or removes it when nothing is due.</summary>
    public static async Task KeepOnAsync(this IGrainBase grain, string name, DateTimeOffset? next, TimeProvider time)
    {
        if (next is { } at)
        {
            var due = at - time.GetUtcNow();
            await grain.RegisterOrUpdateReminder(name, due > TimeSpan.Zero ? due : TimeSpan.Zero, CatchUp);
        }
        else if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// Registers <paramref name="name"/> for <paramref name="next"/> unless it is registered: a
    /// setting written without its reminder (an import) gets one, and one whose tick is still to
    /// come (missed while the node was down) is left to fire.
    /// </summary>
    public static async Task EnsureOnAsync(this IGrainBase grain, string name, DateTimeOffset? next, TimeProvider time)
    {
        if (next is not null && await grain.GetReminder(name) is null) await grain.KeepOnAsync(name, next, time);
    }
}
