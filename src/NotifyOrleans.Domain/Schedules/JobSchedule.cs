namespace NotifyOrleans.Domain.Schedules;

[GenerateSerializer, Alias("ScheduleKind")]
public enum ScheduleKind
{
    /// <summary>No expected rhythm: the job is never overdue.</summary>
    None,
    /// <summary>Every <see cref="JobSchedule.Every"/>, optionally on some weekdays and at a time of day.</summary>
    Interval,
    /// <summary>A cron expression (five fields, Cronos' syntax).</summary>
    Cron,
}

/// <summary>
/// When a job is expected to run, in its own IANA time zone. An interval without a time of day
/// counts from the last run ("every 12 h"); with one it names slots ("every day at 05:30,
/// Mon–Fri") like a cron expression does, and a run is matched to its slot (see <see cref="ScheduleMath"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("JobSchedule")]
public sealed record JobSchedule(
    ScheduleKind Kind,
    TimeSpan? Every = null,
    IReadOnlyList<DayOfWeek>? Days = null,
    TimeOnly? At = null,
    string? Cron = null,
    string TimeZone = "UTC")
{
    public static readonly JobSchedule None = new(ScheduleKind.None);

    /// <summary>Weekdays the job runs on; null or all seven is every day.</summary>
    public bool RunsOn(DayOfWeek day) => Days is not { Count: > 0 } days || days.Contains(day);

    /// <summary>Slots (cron, or an interval at a time of day) rather than a distance from the last run.</summary>
    public bool HasSlots => Kind == ScheduleKind.Cron || (Kind == ScheduleKind.Interval && At is not null);

    /// <summary>Why these parts make no schedule, naming the field at fault; null when they do.</summary>
    public static (string Field, string Message)? Check(JobSchedule schedule)
    {
        if (!TimeZones.IsKnown(schedule.TimeZone)) return ("timeZone", $"'{schedule.TimeZone}' is not an IANA time zone id like Europe/Berlin or UTC.");
        switch (schedule.Kind)
        {
            case ScheduleKind.Interval when schedule.Every is not { } every || every < TimeSpan.FromMinutes(1):
                return ("schedule.every", "An interval is at least 1 minute, written like 1D, 12h, 1W or 1D2h30m.");
            case ScheduleKind.Interval when schedule.Every > TimeSpan.FromDays(366):
                return ("schedule.every", "An interval is at most a year (366D).");
            case ScheduleKind.Interval when schedule.At is not null && schedule.Every != TimeSpan.FromDays(1) && schedule.Every != TimeSpan.FromDays(7):
                return ("schedule.at", "With a time of day the interval is 1D (on the allowed weekdays) or 1W (on one weekday); use a cron expression for other rhythms.");
            case ScheduleKind.Interval when schedule.At is not null && schedule.Every == TimeSpan.FromDays(7) && schedule.Days?.Distinct().Count() != 1:
                return ("schedule.days", "A weekly run at a time of day names its one weekday, like [\"sunday\"].");
            case ScheduleKind.Interval when schedule.Days is { Count: 0 }:
                return ("schedule.days", "Name at least one weekday, or leave days out for every day.");
            case ScheduleKind.Cron when !ScheduleMath.TryParseCron(schedule.Cron, out _, out var problem):
                return ("schedule.cron", problem!);
            default:
                return null;
        }
    }
}
