using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Schedules;

/// <summary>Schedules proposed from real-looking run histories, with their evidence.</summary>
public sealed class ScheduleDetectionTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>A run at this Berlin wall-clock time on each day from <paramref name="first"/> for <paramref name="days"/> days that <paramref name="runs"/> allows, a few minutes off each time.</summary>
    private static List<DateTimeOffset> Daily(DateTime first, int days, TimeOnly at, Func<DayOfWeek, bool> runs)
    {
        var jitter = new[] { 0, 3, -2, 4, 1, -3, 2 };
        return Enumerable.Range(0, days)
            .Select(i => first.AddDays(i))
            .Where(day => runs(day.DayOfWeek))
            .Select((day, i) => ScheduleMath.FromLocal(day.Date + at.ToTimeSpan() + TimeSpan.FromMinutes(jitter[i % jitter.Length]), Berlin))
            .ToList();
    }

    private static bool Weekday(DayOfWeek day) => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    [Fact]
    public void Weekday_runs_at_half_past_five_with_one_manual_run_are_proposed_as_such_with_their_evidence()
    {
        var runs = Daily(new DateTime(2026, 11, 2), 21, new TimeOnly(5, 30), Weekday);
        runs.Add(ScheduleMath.FromLocal(new DateTime(2026, 11, 11, 14, 12, 0), Berlin)); // someone ran it by hand

        var proposal = ScheduleDetection.Detect(runs, "Europe/Berlin")!;

        Assert.Equal("At 05:30 on Mon–Fri (Europe/Berlin)", ScheduleMath.Describe(proposal.Schedule));
        Assert.Equal("15 runs, Mon–Fri at 05:30 ± 4 min; 1 run outside the pattern", proposal.Evidence);
    }

    [Fact]
    public void Runs_across_a_clock_change_keep_their_wall_clock_time()
    {
        var runs = Daily(new DateTime(2026, 10, 19), 14, new TimeOnly(5, 30), _ => true); // the clocks go back on October 25

        var proposal = ScheduleDetection.Detect(runs, "Europe/Berlin")!;

        Assert.Equal("Every day at 05:30 (Europe/Berlin)", ScheduleMath.Describe(proposal.Schedule));
    }

    [Fact]
    public void Runs_around_midnight_are_one_time_of_day()
    {
        var runs = Daily(new DateTime(2026, 11, 2), 10, new TimeOnly(23, 59), _ => true);

        var proposal = ScheduleDetection.Detect(runs, "Europe/Berlin")!;

        Assert.Equal(new TimeOnly(0, 0), proposal.Schedule.At); // the median of 23:57 … 00:03
        Assert.Null(proposal.Schedule.Days);
    }

    [Fact]
    public void A_weekly_job_is_proposed_on_its_day()
    {
        var runs = Daily(new DateTime(2026, 10, 4), 36, new TimeOnly(3, 0), day => day == DayOfWeek.Sunday);

        var proposal = ScheduleDetection.Detect(runs, "Europe/Berlin")!;

        Assert.Equal([DayOfWeek.Sunday], proposal.Schedule.Days);
        Assert.Equal("6 runs, Sun at 03:00 ± 4 min", proposal.Evidence);
    }

    [Fact]
    public void Runs_every_other_day_at_one_time_are_an_interval_not_every_day()
    {
        var runs = Daily(new DateTime(2026, 11, 1), 20, new TimeOnly(5, 30), _ => true).Where((_, i) => i % 2 == 0).ToList(); // 10 runs, 2 days apart

        var proposal = ScheduleDetection.Detect(runs, "Europe/Berlin")!;

        Assert.Equal((ScheduleKind.Interval, TimeSpan.FromDays(2), null), (proposal.Schedule.Kind, proposal.Schedule.Every, proposal.Schedule.At));
        Assert.StartsWith("10 runs, every 2 days", proposal.Evidence);
    }

    [Fact]
    public void A_fortnightly_sunday_job_is_every_two_weeks_not_every_sunday()
    {
        var runs = Daily(new DateTime(2026, 6, 7), 140, new TimeOnly(3, 0), day => day == DayOfWeek.Sunday).Where((_, i) => i % 2 == 0).ToList();

        var proposal = ScheduleDetection.Detect(runs, "Europe/Berlin")!;

        Assert.Equal((ScheduleKind.Interval, TimeSpan.FromDays(14)), (proposal.Schedule.Kind, proposal.Schedule.Every));
    }

    [Fact]
    public void A_monthly_job_on_the_first_is_a_cron_slot_on_that_day_not_every_day()
    {
        var runs = Enumerable.Range(1, 6).Select(month => ScheduleMath.FromLocal(new DateTime(2026, month, 1, 5, 30 + month % 3, 0), Berlin)).ToList(); // winter and summer time

        var proposal = ScheduleDetection.Detect(runs, "Europe/Berlin")!;

        Assert.Equal("Cron 30 5 1 * * (Europe/Berlin)", ScheduleMath.Describe(proposal.Schedule));
        Assert.Equal("6 runs, on the 1st of the month at 05:30 ± 2 min", proposal.Evidence);
        Assert.Equal(ScheduleMath.FromLocal(new DateTime(2026, 7, 1, 5, 30, 0), Berlin), ScheduleMath.NextExpected(proposal.Schedule, runs[^1]));
    }

    [Fact]
    public void A_job_on_the_last_day_of_each_month_is_a_cron_slot_on_it()
    {
        var runs = Enumerable.Range(1, 6).Select(month => ScheduleMath.FromLocal(new DateTime(2026, month, DateTime.DaysInMonth(2026, month), 23, 0, 0), Berlin)).ToList();

        Assert.Equal("0 23 L * *", ScheduleDetection.Detect(runs, "Europe/Berlin")!.Schedule.Cron);
    }

    [Fact]
    public void Monthly_runs_on_different_days_are_no_interval()
    {
        var start = new DateTimeOffset(2026, 1, 3, 4, 0, 0, TimeSpan.Zero);
        var runs = new[] { 0, 29, 59, 88, 119, 149, 180 }.Select(day => start.AddDays(day).AddHours(day % 5)).ToList(); // gaps of 29 to 31 days, hours apart

        Assert.Null(ScheduleDetection.Detect(runs, "UTC")); // "every 30 days" would call it overdue a day early in long months
    }

    [Fact]
    public void Runs_every_six_hours_are_an_interval()
    {
        var start = new DateTimeOffset(2026, 11, 20, 1, 17, 0, TimeSpan.Zero);
        var runs = Enumerable.Range(0, 12).Select(i => start.AddHours(6 * i).AddMinutes(i % 3)).ToList();

        var proposal = ScheduleDetection.Detect(runs, "UTC")!;

        Assert.Equal((ScheduleKind.Interval, TimeSpan.FromHours(6), null), (proposal.Schedule.Kind, proposal.Schedule.Every, proposal.Schedule.At));
        Assert.StartsWith("12 runs, every 6 h", proposal.Evidence);
    }

    [Fact]
    public void No_pattern_no_proposal()
    {
        var random = new Random(7);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var runs = Enumerable.Range(0, 20).Select(_ => start.AddMinutes(random.Next(0, 30 * 24 * 60))).ToList();

        Assert.Null(ScheduleDetection.Detect(runs, "UTC"));
        Assert.Null(ScheduleDetection.Detect(runs.Take(4).ToList(), "UTC")); // and not from four runs
    }

    [Fact]
    public void Five_nights_in_a_row_are_not_yet_a_pattern_of_weekdays()
    {
        var runs = Daily(new DateTime(2026, 11, 3), 5, new TimeOnly(2, 0), _ => true); // Tuesday to Saturday

        Assert.Null(ScheduleDetection.Detect(runs, "Europe/Berlin")); // every day, or Tue–Sat? A week will tell.
    }
}
