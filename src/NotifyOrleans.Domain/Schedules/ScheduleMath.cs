using System.Globalization;
using Cronos;

namespace NotifyOrleans.Domain.Schedules;

/// <summary>
/// When a job is expected, and when it is overdue. The rules (docs/monitoring.md has them for users):
/// <list type="bullet">
/// <item>An interval without a time of day counts from the last run: every 12 h after it, moved
/// to the same wall-clock time of the next allowed weekday if it falls on another.</item>
/// <item>Slots (cron, or an interval at a time of day) are matched to runs by their start, with
/// the grace on both sides: a run serves the slot nearest its start within the grace, and the next
/// expected slot is the one after it, so a run a little early or late counts for its slot, a
/// manual run in the afternoon moves nothing, and slots closer together than the grace are each
/// expected. A slot's run is due its length (the last good run's) plus the grace after the slot.</item>
/// <item>A schedule counts from the later of the last run and the moment it was set, so setting
/// one never raises an alarm for the past.</item>
/// <item>A local time that does not exist (clocks forward) is taken as the moment the clocks jump
/// (02:30 on a spring-forward night in Berlin is 03:00); a local time that happens twice (clocks
/// back) at its first occurrence. Cron slots follow Cronos, which does the same.</item>
/// </list>
/// </summary>
public static class ScheduleMath
{
    /// <summary>The first expected run strictly after <paramref name="after"/>; null for no schedule.</summary>
    public static DateTimeOffset? NextExpected(JobSchedule schedule, DateTimeOffset after)
    {
        // Every run of every job gets here: one without a schedule costs no time zone lookup.
        if (schedule.Kind == ScheduleKind.None) return null;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        return schedule switch
        {
            { HasSlots: true } => SlotCron(schedule).GetNextOccurrence(after.ToUniversalTime(), zone),
            { Every: { } every } => OnAllowedDay(schedule, after + every, zone),
            _ => null,
        };
    }

    /// <summary>
    /// When the next run is expected, and when the job is overdue unless it has been reported by then.
    /// <paramref name="lastRun"/> is when the last run started and ended (the same instant when the
    /// tool did not say); <paramref name="since"/> is when the schedule was set (or the job first seen).
    /// </summary>
    public static Expectation? Expect(JobSchedule schedule, TimeSpan grace, RunSpan? lastRun, DateTimeOffset since)
    {
        if (!schedule.HasSlots)
        {
            var anchor = lastRun is { } last && last.End > since ? last.End : since;
            return NextExpected(schedule, anchor) is { } expected ? new Expectation(expected, expected + grace) : null;
        }

        // A run serves the slot nearest its start within the grace (a little early or late); the
        // next expected slot is the one after that. A run near no slot (a manual one) serves none.
        var served = lastRun is { } run ? ServedSlot(schedule, run.Start, grace) ?? run.Start : since;
        if (NextExpected(schedule, served > since ? served : since) is not { } slot) return null;
        // A run is reported when it ends: the slot's run is due as long after the slot as a run
        // takes, so a backup longer than the grace is not overdue every day while it runs.
        return new Expectation(slot, slot + (lastRun?.Usual ?? TimeSpan.Zero) + grace);
    }

    /// <summary>The slot nearest <paramref name="start"/> within the grace either side; null when none is.</summary>
    private static DateTimeOffset? ServedSlot(JobSchedule schedule, DateTimeOffset start, TimeSpan grace)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        var utc = start.ToUniversalTime();
        DateTimeOffset? nearest = null;
        foreach (var slot in SlotCron(schedule).GetOccurrences(utc - grace, utc + grace, zone, fromInclusive: true, toInclusive: true))
            if (nearest is null || (slot - utc).Duration() < (nearest.Value - utc).Duration()) nearest = slot;
        return nearest;
    }

    /// <summary>The schedule in words: "At 05:30 on Mon–Fri (Europe/Berlin)", "Every 12 h".</summary>
    public static string Describe(JobSchedule schedule) => schedule switch
    {
        { Kind: ScheduleKind.None } => "No schedule (never overdue)",
        { Kind: ScheduleKind.Cron } => $"Cron {schedule.Cron} ({schedule.TimeZone})",
        { At: { } at, Every: var every } when every == TimeSpan.FromDays(7) =>
            $"Every week on {CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(schedule.Days![0])} at {at:HH\\:mm} ({schedule.TimeZone})",
        // "At 05:30 on Mon, Fri": "Every day at 05:30, Mon, Fri" said every day, then two.
        { At: { } at, Days: { Count: > 0 and < 7 } days } => $"At {at:HH\\:mm} on {DayNames(days)} ({schedule.TimeZone})",
        { At: { } at } => $"Every day at {at:HH\\:mm} ({schedule.TimeZone})",
        { Every: { } every } => $"Every {Durations.Words(every)}{DaysText(schedule)}{(schedule.Days is { Count: > 0 and < 7 } ? $" ({schedule.TimeZone})" : "")}",
        _ => "No schedule",
    };

    public static bool TryParseCron(string? text, out CronExpression? expression, out string? problem)
    {
        expression = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "Give a cron expression of five fields, like 30 5 * * 1-5.";
            return false;
        }

        // Counted first: Cronos reads past the end of a short expression and names a NUL character.
        // (Its macros, like @daily, are one word.)
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields != 5 && !text.TrimStart().StartsWith('@'))
        {
            problem = $"A cron expression has five fields (minute hour day-of-month month day-of-week), like 30 5 * * 1-5; this has {fields}.";
            return false;
        }

        try
        {
            expression = CronExpression.Parse(text.Trim(), CronFormat.Standard);
            // "0 0 30 2 *" (30 February) parses, and a job on it would never be expected, so never
            // missed: the silence this tool is there to notice. Any date will do to look from (29
            // February comes within four years of each).
            if (expression.GetNextOccurrence(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)) is null)
            {
                problem = "This cron expression matches no date, so the job would never be expected: check its day-of-month and month fields.";
                expression = null;
                return false;
            }

            return true;
        }
        catch (CronFormatException exception)
        {
            // Cronos names the field at fault after a sentence of its own: "The given cron expression
            // has an invalid format. Minutes: Value must be a number between 0 and 59 (all inclusive)."
            var fault = exception.Message.Replace("The given cron expression has an invalid format.", "").Trim().TrimEnd('.');
            problem = $"Not a valid cron expression: {fault}. The fields are minute hour day-of-month month day-of-week, like 30 5 * * 1-5.";
            return false;
        }
        catch (MissingSeedException)
        {
            // Jenkins' H: a minute or hour the scheduler picks by hashing. A job's own crontab cannot
            // say H, and a time picked here would not be the one the job runs at.
            problem = "H (a time picked by hashing, as Jenkins writes it) cannot say when the job runs: write the minute and hour its crontab uses, like 17 3 * * *.";
            return false;
        }
    }

    /// <summary>An interval at a time of day is the cron expression it means: "30 5 * * 1,2,3,4,5".</summary>
    private static CronExpression SlotCron(JobSchedule schedule)
    {
        if (schedule.Kind == ScheduleKind.Cron) return CronExpression.Parse(schedule.Cron!.Trim(), CronFormat.Standard);
        var days = schedule.Days is { Count: > 0 } list ? string.Join(",", list.Distinct().Order().Select(d => (int)d)) : "*";
        return CronExpression.Parse($"{schedule.At!.Value.Minute} {schedule.At.Value.Hour} * * {days}", CronFormat.Standard);
    }

    private static DateTimeOffset OnAllowedDay(JobSchedule schedule, DateTimeOffset candidate, TimeZoneInfo zone)
    {
        if (schedule.Days is not { Count: > 0 and < 7 }) return candidate;
        var local = TimeZoneInfo.ConvertTime(candidate, zone).DateTime;
        // On an allowed day already: the instant itself. Through the wall clock, an hour that comes
        // twice (the night the clocks go back) would be read as its first pass, an hour early.
        if (schedule.RunsOn(local.DayOfWeek)) return candidate;
        for (var i = 0; i < 7 && !schedule.RunsOn(local.DayOfWeek); i++) local = local.AddDays(1);
        return FromLocal(local, zone);
    }

    /// <summary>A wall-clock time in a zone: the moment the clocks jump when it does not exist, the first of two when it happens twice.</summary>
    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Gaps start and end on whole minutes: the first valid minute is the end of the gap.
            local = local.AddTicks(-(local.Ticks % TimeSpan.TicksPerMinute));
            for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(local); i++) local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static string DaysText(JobSchedule schedule) =>
        schedule.Days is { Count: > 0 and < 7 } days ? $", {DayNames(days)}" : "";

    /// <summary>Weekdays for people, Monday first: "Mon–Fri", "Mon, Wed, Fri".</summary>
    public static string DayNames(IEnumerable<DayOfWeek> days)
    {
        var sorted = days.Distinct().OrderBy(d => ((int)d + 6) % 7).ToList(); // Monday first
        var names = sorted.Select(d => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(d)).ToList();
        var consecutive = sorted.Count > 2 && sorted.Zip(sorted.Skip(1)).All(p => ((int)p.Second + 6) % 7 - ((int)p.First + 6) % 7 == 1);
        return consecutive ? $"{names[0]}–{names[^1]}" : string.Join(", ", names);
    }
}

/// <summary>When the next run is expected, and when its job is overdue without it.</summary>
public readonly record struct Expectation(DateTimeOffset ExpectedAt, DateTimeOffset OverdueAt);

/// <summary>
/// A run's start and end (the same instant when its tool reported only one), and how long the job's
/// runs usually take (this one's length unless told).
/// </summary>
public readonly record struct RunSpan(DateTimeOffset Start, DateTimeOffset End, TimeSpan? UsualLength = null)
{
    public TimeSpan Usual => UsualLength ?? End - Start;
}
