namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>One line of a job's timeline (overdue, failing, escalated, acknowledged, recovered), written by the job grain with its state.</summary>
public sealed class JobEvent
{
    public long Id { get; set; }
    public string JobKey { get; set; } = "";
    public DateTimeOffset At { get; set; }

    /// <summary>overdue, failing, repeat, escalated, acknowledged or recovered.</summary>
    public string Kind { get; set; } = "";
    public string Text { get; set; } = "";
}
