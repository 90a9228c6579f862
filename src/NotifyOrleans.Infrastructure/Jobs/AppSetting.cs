namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>A global setting stored as JSON under a key (defaults for new jobs, and later more).</summary>
public sealed class AppSetting
{
    public const string DefaultAssignmentsKey = "jobs.default-assignments";
    public const string DefaultEscalationKey = "jobs.default-escalation";
    public const string DefaultOnlyFirstFailureKey = "jobs.default-only-first-failure";
    public const string ApplyDetectedSchedulesKey = "jobs.apply-detected-schedules";
    public const string ChannelQuietHoursKey = "channels.quiet-hours";
    public const string ChannelSummaryKey = "channels.summary";

    public string Key { get; set; } = "";
    public string ValueJson { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
