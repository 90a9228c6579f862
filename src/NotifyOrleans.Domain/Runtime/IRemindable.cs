namespace NotifyOrleans.Domain.Runtime;

/// <summary>A grain that receives durable reminders (due-time rows swept by the reminder pump).</summary>
public interface IRemindable : IGrainWithStringKey
{
    Task ReceiveReminderAsync(string reminderName, CancellationToken cancellationToken = default);
}
