namespace NotifyOrleans.Domain.Schedules;

/// <summary>A schedule read from a job's runs, with the evidence people judge it by.</summary>
/// <param name="Evidence">"14 runs, Mon–Fri at 05:30 ± 4 min; 1 run outside the pattern".</param>
public sealed record ScheduleProposal(JobSchedule Schedule, string Evidence, int Runs);

/// <summary>
/// Proposes a schedule from when a job's runs happened (their start when the tool reports it,
/// else their end): first a time of day (on some weekdays, or
/// every day), else a steady interval. Runs outside the pattern (a manual run, a retry) are
/// counted in the evidence and do not move it. No proposal unless the pattern is clear: most
/// runs fit it, and there are enough of them.
/// </summary>
public static class ScheduleDetection
{
    public const int MinimumRuns = 5;

    /// <summary>How far from its usual time a run may be and still belong to the pattern.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    /// <summary>The share of runs that must fit.</summary>
    private const double Fit = 0.8;

    public static ScheduleProposal? Detect(IReadOnlyList<DateTimeOffset> runs, string timeZone)
    {
        if (runs.Count < MinimumRuns || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)) return null;
        var sorted = runs.OrderBy(r => r).ToList();
        var (keepsTimeOfDay, proposal) = TimeOfDay(sorted, zone, timeZone);
        return proposal ?? (keepsTimeOfDay ? null : Interval(sorted));
    }

    /// <summary>
    /// Runs at one time of day: every day, on the weekdays they happen, or on one day of the month.
    /// KeepsTimeOfDay without a proposal: no interval is proposed either (the weekdays are not known
    /// yet). Runs at one time of day on a rarer rhythm (every 2 days, fortnightly) are left to
    /// <see cref="Interval"/>.
    /// </summary>
    private static (bool KeepsTimeOfDay, ScheduleProposal? Proposal) TimeOfDay(List<DateTimeOffset> runs, TimeZoneInfo zone, string timeZone)
    {
        var local = runs.Select(r => TimeZoneInfo.ConvertTime(r, zone)).ToList();
        var minutes = local.Select(l => l.TimeOfDay.TotalMinutes).ToList();
        // The time of day most runs are near (on a circle: 23:50 and 00:10 are 20 minutes apart).
        var center = minutes.MaxBy(m => minutes.Count(other => Distance(m, other) <= Window.TotalMinutes));
        var fitting = local.Where(l => Distance(l.TimeOfDay.TotalMinutes, center) <= Window.TotalMinutes).ToList();
        if (fitting.Count < MinimumRuns || fitting.Count < runs.Count * Fit) return (false, null);
        var offsets = fitting.Select(l => Signed(l.TimeOfDay.TotalMinutes - center)).Order().ToList();
        var usual = center + offsets[offsets.Count / 2];
        // Schedulers start on the hour or at round minutes: the slot is the usual time rounded to 5 minutes.
        var at = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes((Math.Round(usual / 5) * 5 % 1440 + 1440) % 1440));
        var spread = (int)Math.Ceiling(fitting.Max(l => Distance(l.TimeOfDay.TotalMinutes, at.ToTimeSpan().TotalMinutes)));

        // Each run's slot: the nearest 'at' (a run at 00:03 serves the 23:59 slot of the evening before).
        var slotDays = fitting.Select(l => (l.DateTime - TimeSpan.FromMinutes(Signed(l.TimeOfDay.TotalMinutes - at.ToTimeSpan().TotalMinutes))).Date).ToList();
        if (slotDays.GroupBy(day => day).Any(day => day.Count() > 1)) return (false, null); // more often than daily
        // Which weekdays, only a full week can tell: five runs Monday to Friday are "every day" or "weekdays".
        if ((slotDays.Max() - slotDays.Min()).Days < 6) return (true, null);
        var days = Weekdays(slotDays);
        // The runs must come on most of the days the slot expects them: a monthly job's weekdays are
        // none, and every-2-days or fortnightly runs would be "overdue" on each day in between.
        var expected = Dates(slotDays).Count(day => days.Contains(day.DayOfWeek));
        if (days.Count == 0 || slotDays.Count < expected * Fit)
            return Monthly(slotDays, at) is { } monthly
                ? (true, new ScheduleProposal(new JobSchedule(ScheduleKind.Cron, Cron: monthly.Cron, TimeZone: timeZone),
                    Evidence(fitting.Count, runs.Count, $"{monthly.When} at {at:HH\\:mm} ± {spread} min"), fitting.Count))
                : (false, null);
        var schedule = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1), days.Count == 7 ? null : days, at, TimeZone: timeZone);
        var when = days.Count == 7 ? "every day" : ScheduleMath.DayNames(days);
        return (true, new ScheduleProposal(schedule, Evidence(fitting.Count, runs.Count, $"{when} at {at:HH\\:mm} ± {spread} min"), fitting.Count));
    }

    /// <summary>
    /// Runs on one day of the month, or on its last day, in most of the months observed: the cron
    /// expression of that slot ("30 5 1 * *"). An interval could not say it: months are 28 to 31 days.
    /// </summary>
    private static (string Cron, string When)? Monthly(List<DateTime> days, TimeOnly at)
    {
        var (first, last) = (days.Min(), days.Max());
        var months = (last.Year - first.Year) * 12 + last.Month - first.Month + 1;
        if (days.Count < months * Fit || days.GroupBy(day => (day.Year, day.Month)).Any(month => month.Count() > 1)) return null;
        var (field, when) = days.All(day => day.Day == DateTime.DaysInMonth(day.Year, day.Month)) ? ("L", "on the last day of the month")
            : days.All(day => day.Day == first.Day) ? (first.Day.ToString(System.Globalization.CultureInfo.InvariantCulture), $"on the {Grains.BackupJobs.RunRoute.Ordinal(first.Day)} of the month")
            : (null, null);
        return field is null ? null : ($"{at.Minute} {at.Hour} {field} * *", when!);
    }

    private static IEnumerable<DateTime> Dates(List<DateTime> days) =>
        Enumerable.Range(0, (days.Max() - days.Min()).Days + 1).Select(i => days.Min().AddDays(i));

    /// <summary>
    /// The weekdays of the pattern: those with a run on at least half of their dates in the
    /// observed span (a weekday with one run in three weeks was a one-off).
    /// </summary>
    private static List<DayOfWeek> Weekdays(List<DateTime> days)
    {
        var dates = Dates(days).ToList();
        return Enum.GetValues<DayOfWeek>()
            .Where(weekday => days.Count(d => d.DayOfWeek == weekday) * 2 >= dates.Count(d => d.DayOfWeek == weekday))
            .OrderBy(d => ((int)d + 6) % 7)
            .ToList();
    }

    /// <summary>Runs a steady time apart (every 6 hours, every 2 days), whatever the time of day.</summary>
    private static ScheduleProposal? Interval(List<DateTimeOffset> runs)
    {
        var gaps = runs.Zip(runs.Skip(1), (a, b) => b - a).Where(g => g > TimeSpan.Zero).Order().ToList();
        if (gaps.Count < MinimumRuns - 1) return null;
        var median = gaps[gaps.Count / 2];
        if (median < TimeSpan.FromMinutes(5)) return null;
        // A fifth of the gap, up to 3 hours: runs a month apart on different days (28 to 31 days) are not steady.
        var tolerance = Math.Max(5, Math.Min(median.TotalMinutes * 0.2, 180));
        var steadyGaps = gaps.Where(g => Math.Abs((g - median).TotalMinutes) <= tolerance).ToList();
        var steady = steadyGaps.Count;
        if (steady < gaps.Count * Fit) return null;

        var every = Round(median);
        var spread = steadyGaps.Max(g => Math.Abs((g - every).TotalMinutes));
        var schedule = new JobSchedule(ScheduleKind.Interval, every);
        return new ScheduleProposal(schedule, Evidence(steady + 1, runs.Count, $"every {Durations.Words(every)} ± {Math.Ceiling(spread)} min"), steady + 1);
    }

    /// <summary>A round interval: to 5 minutes under a day, to the hour above.</summary>
    private static TimeSpan Round(TimeSpan gap) => gap >= TimeSpan.FromDays(1)
        ? TimeSpan.FromHours(Math.Round(gap.TotalHours))
        : TimeSpan.FromMinutes(Math.Max(5, Math.Round(gap.TotalMinutes / 5) * 5));

    private static string Evidence(int fitting, int total, string pattern) =>
        $"{fitting} runs, {pattern}" + (total > fitting ? $"; {Counts.Of(total - fitting, "run")} outside the pattern" : "");

    private static double Distance(double a, double b) => Math.Abs(Signed(a - b));

    /// <summary>A difference of minutes of the day, between -720 and 720.</summary>
    private static double Signed(double difference) => ((difference % 1440) + 1440 + 720) % 1440 - 720;
}
