using NotifyOrleans.Domain.Grains.Users;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>Quiet hours are kept in the person's own zone, across midnight, weekends and clock changes.</summary>
public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly QuietHours Nights = new(new TimeOnly(22, 0), new TimeOnly(7, 0), Weekends: false, UrgentComesThrough: true);

    /// <summary>A Berlin wall-clock time as an instant.</summary>
    private static DateTimeOffset InBerlin(int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(2026, month, day, hour, minute, 0);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    [Fact]
    public void A_night_window_holds_until_seven_the_next_morning_in_winter_and_summer()
    {
        Assert.Equal(InBerlin(12, 2, 7), Nights.QuietUntil(InBerlin(12, 1, 23), Berlin));
        Assert.Equal(InBerlin(7, 2, 7), Nights.QuietUntil(InBerlin(7, 1, 23), Berlin));
        Assert.Equal(InBerlin(12, 2, 7), Nights.QuietUntil(InBerlin(12, 2, 3, 30), Berlin)); // after midnight: the same morning
    }

    [Fact]
    public void Quiet_hours_ending_in_the_hour_that_comes_twice_end_at_its_first_pass_and_in_the_skipped_hour_when_the_clocks_jump()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var lateNight = new QuietHours(new TimeOnly(22, 0), new TimeOnly(1, 30), Weekends: false, UrgentComesThrough: true);
        var intoTheGap = new QuietHours(new TimeOnly(22, 0), new TimeOnly(2, 10), Weekends: false, UrgentComesThrough: true);

        // 2026-11-01 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST): the wall clock first says 01:30 at 05:30Z.
        var autumn = lateNight.QuietUntil(new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero), newYork)!.Value; // 23:00 EDT
        // 2026-03-08 02:10 does not exist: the clocks jump from 02:00 EST to 03:00 EDT at 07:00Z.
        var spring = intoTheGap.QuietUntil(new DateTimeOffset(2026, 3, 8, 4, 0, 0, TimeSpan.Zero), newYork)!.Value; // 23:00 EST

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), autumn);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), spring);
    }

    [Fact]
    public void On_the_night_the_clocks_go_back_the_second_pass_of_the_repeated_hour_is_judged_by_the_instant_not_the_wall_clock()
    {
        // 2026-10-25, Berlin: 03:00 CEST (01:00Z) becomes 02:00 CET; 02:10 CET, the second pass, is 01:10Z.
        var secondPass = new DateTimeOffset(2026, 10, 25, 1, 10, 0, TimeSpan.Zero);
        var endsAt0230 = new QuietHours(new TimeOnly(22, 0), new TimeOnly(2, 30), Weekends: false, UrgentComesThrough: true);
        var startsAt0230 = new QuietHours(new TimeOnly(2, 30), new TimeOnly(7, 0), Weekends: false, UrgentComesThrough: true);

        // Ended at the first 02:30 (00:30Z): not quiet again (it was held "until" a time already past, and mailed at once).
        Assert.Null(endsAt0230.QuietUntil(secondPass, Berlin));
        // Began at the first 02:30: quiet until 07:00 CET (it was sent at once, as if the night had not begun).
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 6, 0, 0, TimeSpan.Zero), startsAt0230.QuietUntil(secondPass, Berlin));
    }

    [Theory]
    [InlineData(21, 59)]
    [InlineData(7, 0)]
    [InlineData(12, 0)]
    public void Outside_the_window_nothing_is_held(int hour, int minute) =>
        Assert.Null(Nights.QuietUntil(InBerlin(12, 1, hour, minute), Berlin));

    [Fact]
    public void The_night_the_clocks_go_back_ends_at_seven_local_time()
    {
        // 2026-10-25: Berlin goes from UTC+2 to UTC+1 at 03:00; the night is an hour longer, the morning still 07:00.
        var until = Nights.QuietUntil(InBerlin(10, 24, 23), Berlin)!.Value;

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 6, 0, 0, TimeSpan.Zero), until.ToUniversalTime());
    }

    [Fact]
    public void Weekends_and_the_nights_around_them_are_one_quiet_time()
    {
        var both = Nights with { Weekends = true };

        // Friday 23:00 → through Saturday and Sunday → Monday 07:00 (Sunday night runs into Monday morning).
        Assert.Equal(InBerlin(12, 7, 7), both.QuietUntil(InBerlin(12, 4, 23), Berlin));
        Assert.Equal(InBerlin(12, 7, 7), both.QuietUntil(InBerlin(12, 5, 14), Berlin)); // Saturday afternoon
        Assert.Null(both.QuietUntil(InBerlin(12, 4, 14), Berlin)); // Friday afternoon
    }

    [Fact]
    public void Weekends_alone_end_on_monday_at_midnight()
    {
        var weekends = new QuietHours(null, null, Weekends: true, UrgentComesThrough: false);

        Assert.Equal(InBerlin(12, 7, 0), weekends.QuietUntil(InBerlin(12, 6, 20), Berlin));
        Assert.Null(weekends.QuietUntil(InBerlin(12, 7, 0, 1), Berlin));
    }

    [Fact]
    public void A_day_window_that_does_not_cross_midnight_works_too()
    {
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(13, 0), false, false);

        Assert.Equal(InBerlin(12, 1, 13), lunch.QuietUntil(InBerlin(12, 1, 12, 30), Berlin));
        Assert.Null(lunch.QuietUntil(InBerlin(12, 1, 13, 0), Berlin));
    }

    [Fact]
    public void An_empty_window_is_no_quiet_hours()
    {
        Assert.False(new QuietHours(new TimeOnly(22, 0), new TimeOnly(22, 0), false, true).IsSet);
        Assert.Null(new QuietHours(null, null, false, true).QuietUntil(InBerlin(12, 1, 23), Berlin));
    }

    [Theory]
    [InlineData("22:00", null, QuietHoursEnd.To, QuietHours.OneEndMissing)]
    [InlineData(null, "07:00", QuietHoursEnd.From, QuietHours.OneEndMissing)]
    [InlineData("22:00", "22:00", QuietHoursEnd.To, QuietHours.EndsAtStart)] // saved, it was silently no quiet hours
    public void A_window_with_one_end_or_none_between_them_names_the_end_at_fault(string? from, string? to, QuietHoursEnd field, string message) =>
        Assert.Equal((field, message), QuietHours.Check(Parse(from), Parse(to)));

    [Theory]
    [InlineData("22:00", "07:00")]
    [InlineData(null, null)]
    public void Two_different_ends_or_neither_is_accepted(string? from, string? to) =>
        Assert.Null(QuietHours.Check(Parse(from), Parse(to)));

    private static TimeOnly? Parse(string? time) => time is null ? null : TimeOnly.Parse(time);
}
