using NotifyOrleans.Domain.Grains.Users;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>Summaries come at the person's local time, daily or on their weekday, across clock changes.</summary>
public sealed class SummaryScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly SummarySchedule Daily = new(SummaryFrequency.Daily, new TimeOnly(8, 0));
    private static readonly SummarySchedule Weekly = new(SummaryFrequency.Weekly, new TimeOnly(8, 0), DayOfWeek.Monday);

    private static DateTimeOffset InBerlin(int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(2026, month, day, hour, minute, 0);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    [Fact]
    public void A_daily_summary_comes_at_eight_local_time_the_same_day_or_the_next()
    {
        Assert.Equal(InBerlin(12, 1, 8), Daily.NextAfter(InBerlin(12, 1, 7, 59), Berlin));
        Assert.Equal(InBerlin(12, 2, 8), Daily.NextAfter(InBerlin(12, 1, 8), Berlin));
        Assert.Equal(InBerlin(10, 25, 8), Daily.NextAfter(InBerlin(10, 24, 9), Berlin)); // the night the clocks go back
        Assert.Equal(TimeSpan.FromHours(25), InBerlin(10, 25, 8) - InBerlin(10, 24, 8));
    }

    [Fact]
    public void A_weekly_summary_comes_on_its_weekday_and_covers_the_seven_days_before()
    {
        var next = Weekly.NextAfter(InBerlin(12, 2, 12), Berlin)!.Value; // a Wednesday

        Assert.Equal(InBerlin(12, 7, 8), next); // Monday
        Assert.Equal(InBerlin(11, 30, 8), Weekly.PeriodStart(next, Berlin));
        Assert.Equal(InBerlin(12, 6, 8), Daily.PeriodStart(InBerlin(12, 7, 8), Berlin));
    }

    [Fact]
    public void Summaries_at_a_time_the_clocks_skip_cover_every_run_between_them()
    {
        var atHalfPastTwo = new SummarySchedule(SummaryFrequency.Daily, new TimeOnly(2, 30));
        var saturday = atHalfPastTwo.NextAfter(InBerlin(3, 27, 12), Berlin)!.Value; // 02:30 CET
        var sunday = atHalfPastTwo.NextAfter(saturday, Berlin)!.Value; // 02:30 does not exist: sent at 03:00 CEST
        var monday = atHalfPastTwo.NextAfter(sunday, Berlin)!.Value;

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), sunday);
        Assert.Equal(saturday, atHalfPastTwo.PeriodStart(sunday, Berlin)); // not 03:00 the day before: no half hour in neither
        Assert.Equal(sunday, atHalfPastTwo.PeriodStart(monday, Berlin));
        Assert.Equal(InBerlin(3, 28, 20), atHalfPastTwo.PeriodStart(InBerlin(3, 29, 20), Berlin)); // sent now: the day before
    }

    [Fact]
    public void A_late_tick_reports_the_period_that_ended_last_not_a_backlog()
    {
        Assert.Equal(InBerlin(12, 3, 8), Daily.LatestUpTo(InBerlin(12, 3, 20), Berlin));
        Assert.Equal(InBerlin(12, 7, 8), Weekly.LatestUpTo(InBerlin(12, 10, 8), Berlin));
        Assert.Equal(InBerlin(12, 3, 8), Daily.LatestUpTo(InBerlin(12, 3, 8), Berlin));
    }

    [Fact]
    public void Off_means_never() => Assert.Null(new SummarySchedule(SummaryFrequency.Off, new TimeOnly(8, 0)).NextAfter(InBerlin(12, 1, 7), Berlin));
}
