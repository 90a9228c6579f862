namespace NotifyOrleans.Infrastructure.Clustering;

/// <summary>
/// One Orleans reminder (table OrleansReminders): grain, name, first due time and period.
/// <see cref="GrainHash"/> is the grain id's uniform hash, so each silo reads the reminders of
/// its own range of the ring.
/// </summary>
public sealed class ReminderRecord
{
    public string GrainId { get; set; } = "";
    public string ReminderName { get; set; } = "";
    public long GrainHash { get; set; }
    public DateTimeOffset StartAt { get; set; }
    public long PeriodMs { get; set; }
    public string ETag { get; set; } = "";
}
