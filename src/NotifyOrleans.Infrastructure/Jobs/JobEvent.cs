namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>One line of a job's timeline (overdue, failing, escalated, acknowledged, recovered), written by the job grain with its state.</summary>
public sealed class JobEvent
{
    public long Id { get; set; }
    public string JobKey { get; set; } = "";
    public DateTimeOffset At { get; set; }

    /// <summary>overdue, failing, repeat, escalated, acknowledged, recovered, closed, paused, resumed; log (the script's own line); clock (a run dated ahead of its arrival).</summary>
    public string Kind { get; set; } = "";
    public string Text { get; set; } = "";

    /// <summary>
    /// For the first line a wake-up wrote (the deadline passed, a repeat, an escalation step): who
    /// could have been told and why, as <see cref="NotifyOrleans.Domain.Grains.BackupJobs.RouteEntry"/>
    /// JSON, like a run's. Null for other lines and those written before it was kept.
    /// </summary>
    public string? RouteJson { get; set; }
}
