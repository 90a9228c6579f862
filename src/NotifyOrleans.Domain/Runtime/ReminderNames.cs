namespace NotifyOrleans.Domain.Runtime;

/// <summary>Names of the durable reminders grains register; one constant per purpose.</summary>
public static class ReminderNames
{
    public const string Overdue = "overdue";
    public const string Escalate = "escalate";
}
