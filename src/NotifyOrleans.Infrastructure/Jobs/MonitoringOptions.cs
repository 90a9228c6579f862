namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>Bound to the <c>Monitoring</c> section: the defaults of overdue monitoring.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>How late a run may be before its job is overdue, for jobs that set no grace of their own.</summary>
    public TimeSpan DefaultGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The shortest repeat a job may set for its Overdue and Failure notices: one every second was
    /// accepted and flooded an Email channel with 57 messages in a minute.
    /// </summary>
    public TimeSpan MinimumRepeat { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A good run whose size or file count fell by more than this share (percent) below the job's
    /// last good run is a warning, for jobs that set no share of their own; 0: never.
    /// </summary>
    public int SizeDropPercent { get; set; } = Domain.Grains.BackupJobs.SizeDrops.DefaultPercent;
}
