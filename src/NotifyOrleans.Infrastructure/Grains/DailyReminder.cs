using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// A reminder kept on the next time something is due by a calendar (a summary at 08:00 local
/// time). Reminders are periodic; the day's period only matters if a tick is missed, because
/// each tick moves the reminder to the next due time, so daylight-saving changes are followed.
/// </summary>
public static class DailyReminder
{
    /// <summary>Registers <paramref name="name"/> for <paramref name="next"/>, or removes it when nothing is due.</summary>
    public static async Task KeepOnAsync(this IGrainBase grain, string name, DateTimeOffset? next, TimeProvider time)
    {
        if (next is { } at)
        {
            var due = at - time.GetUtcNow();
            await grain.RegisterOrUpdateReminder(name, due > TimeSpan.Zero ? due : TimeSpan.Zero, TimeSpan.FromDays(1));
        }
        else if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
