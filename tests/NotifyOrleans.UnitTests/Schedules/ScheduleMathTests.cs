using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Schedules;

/// <summary>The calendar cases of overdue monitoring: weekdays, manual and early runs, DST both ways, month ends, far zones.</summary>
public sealed class ScheduleMathTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly JobSchedule WeekdaysAt0530 = new(ScheduleKind.Interval, TimeSpan.FromDays(1),
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(5, 30), TimeZone: "Europe/Berlin");

    private static DateTimeOffset BerlinTime(int year, int month, int day, int hour, int minute) =>
        ScheduleMath.FromLocal(new DateTime(year, month, day, hour, minute, 0), Berlin);

    private static readonly DateTimeOffset LongAgo = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>When a job whose last run ended at <paramref name="run"/> (reported without its start) is overdue.</summary>
    private static DateTimeOffset? Deadline(JobSchedule schedule, TimeSpan grace, DateTimeOffset? run, DateTimeOffset since) =>
        ScheduleMath.Expect(schedule, grace, run is { } at ? new RunSpan(at, at) : null, since)?.OverdueAt;

    [Fact]
    public void A_run_longer_than_the_grace_is_expected_its_length_after_its_slot()
    {
        // Started at 05:30, took 75 minutes: tomorrow's run is due at 06:45, and overdue an hour later.
        var yesterday = new RunSpan(BerlinTime(2026, 11, 24, 5, 30), BerlinTime(2026, 11, 24, 6, 45));

        var expectation = ScheduleMath.Expect(WeekdaysAt0530, Grace, yesterday, LongAgo);

        Assert.Equal(BerlinTime(2026, 11, 25, 5, 30), expectation!.Value.ExpectedAt);
        Assert.Equal(BerlinTime(2026, 11, 25, 7, 45), expectation.Value.OverdueAt);
    }

    [Fact]
    public void Slots_closer_together_than_the_grace_are_each_expected()
    {
        var hourly = new JobSchedule(ScheduleKind.Cron, Cron: "0 * * * *", TimeZone: "Europe/Berlin");

        // The 05:00 run served 05:00 (not 06:00 too): 06:00 is expected, and overdue an hour after it.
        Assert.Equal(BerlinTime(2026, 11, 24, 7, 0), Deadline(hourly, Grace, BerlinTime(2026, 11, 24, 5, 2), LongAgo));
        var quarterly = hourly with { Cron = "*/15 * * * *" };
        Assert.Equal(BerlinTime(2026, 11, 24, 6, 15), Deadline(quarterly, Grace, BerlinTime(2026, 11, 24, 5, 1), LongAgo));
    }

    [Fact]
    public void A_weekday_job_that_ran_on_friday_is_not_expected_before_monday()
    {
        var friday = BerlinTime(2026, 11, 27, 5, 31);

        var deadline = Deadline(WeekdaysAt0530, Grace, friday, LongAgo);

        Assert.Equal(BerlinTime(2026, 11, 30, 6, 30), deadline);
    }

    [Fact]
    public void A_manual_run_in_the_afternoon_moves_nothing()
    {
        var morning = Deadline(WeekdaysAt0530, Grace, BerlinTime(2026, 11, 24, 5, 32), LongAgo);
        var afterManualRun = Deadline(WeekdaysAt0530, Grace, BerlinTime(2026, 11, 24, 14, 0), LongAgo);

        Assert.Equal(BerlinTime(2026, 11, 25, 6, 30), morning);
        Assert.Equal(morning, afterManualRun);
    }

    [Theory]
    [InlineData(5, 20)] // ten minutes early
    [InlineData(6, 10)] // forty minutes late, within the grace
    public void A_run_early_or_late_within_the_grace_serves_its_slot(int hour, int minute)
    {
        var deadline = Deadline(WeekdaysAt0530, Grace, BerlinTime(2026, 11, 24, hour, minute), LongAgo);

        Assert.Equal(BerlinTime(2026, 11, 25, 6, 30), deadline);
    }

    [Fact]
    public void A_missed_slot_is_overdue_one_grace_after_it()
    {
        var deadline = Deadline(WeekdaysAt0530, Grace, BerlinTime(2026, 11, 24, 5, 30), LongAgo);

        Assert.Equal(BerlinTime(2026, 11, 25, 6, 30), deadline);
        Assert.True(BerlinTime(2026, 11, 25, 6, 31) > deadline);
    }

    [Fact]
    public void An_interval_counts_from_the_last_run()
    {
        var every12h = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromHours(12));
        var last = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(last.AddHours(13), Deadline(every12h, Grace, last, LongAgo));
    }

    [Fact]
    public void An_interval_on_weekdays_skips_to_the_same_time_of_the_next_allowed_day()
    {
        var daily = WeekdaysAt0530 with { At = null };
        var fridayNight = BerlinTime(2026, 11, 27, 22, 0);

        Assert.Equal(BerlinTime(2026, 11, 30, 22, 0), ScheduleMath.NextExpected(daily, fridayNight));
    }

    [Fact]
    public void A_new_schedule_counts_from_when_it_was_set_not_from_an_old_run()
    {
        var set = BerlinTime(2026, 11, 24, 14, 0);

        var deadline = Deadline(WeekdaysAt0530, Grace, BerlinTime(2026, 11, 10, 5, 30), set);
        var neverRan = Deadline(WeekdaysAt0530, Grace, null, set);

        Assert.Equal(BerlinTime(2026, 11, 25, 6, 30), deadline);
        Assert.Equal(deadline, neverRan);
    }

    [Fact]
    public void On_the_spring_forward_night_a_slot_in_the_gap_still_happens_once()
    {
        // 2026-03-29 in Berlin: 02:00 CET becomes 03:00 CEST; 02:30 does not exist that night.
        var nightly = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1), At: new TimeOnly(2, 30), TimeZone: "Europe/Berlin");
        var before = BerlinTime(2026, 3, 28, 2, 30);

        var slot = ScheduleMath.NextExpected(nightly, before + Grace)!.Value;
        var next = ScheduleMath.NextExpected(nightly, slot + Grace)!.Value;

        Assert.Equal(new DateTime(2026, 3, 29), TimeZoneInfo.ConvertTime(slot, Berlin).Date);
        Assert.Equal(TimeSpan.FromHours(3), TimeZoneInfo.ConvertTime(slot, Berlin).TimeOfDay);
        Assert.Equal(BerlinTime(2026, 3, 30, 2, 30), next);
        Assert.Equal(TimeSpan.FromHours(2), next.Offset);
    }

    [Fact]
    public void On_the_fall_back_night_a_slot_that_happens_twice_is_expected_once_at_its_first()
    {
        // 2026-10-25 in Berlin: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        var nightly = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1), At: new TimeOnly(2, 30), TimeZone: "Europe/Berlin");

        var slot = ScheduleMath.NextExpected(nightly, BerlinTime(2026, 10, 24, 2, 30) + Grace)!.Value;
        var next = ScheduleMath.NextExpected(nightly, slot + Grace)!.Value;

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)), slot);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 2, 30, 0, TimeSpan.FromHours(1)), next);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), slot.ToUniversalTime());
    }

    [Fact]
    public void A_weekday_shift_into_the_spring_gap_lands_where_the_clocks_jump_like_a_slot_does()
    {
        var weekends = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1), [DayOfWeek.Sunday], TimeZone: "Europe/Berlin");

        var next = ScheduleMath.NextExpected(weekends, BerlinTime(2026, 3, 27, 2, 30))!.Value; // Friday 02:30 → Sunday 02:30, which does not exist

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), next);
    }

    [Fact]
    public void An_interval_on_weekend_days_through_the_hour_that_comes_twice_is_still_real_time()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var hourlyAtWeekends = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromHours(1), [DayOfWeek.Saturday, DayOfWeek.Sunday], TimeZone: "America/New_York");
        var firstPass = new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero); // Sunday 01:30 EDT; an hour later the clocks read 01:30 again (EST)

        var next = ScheduleMath.NextExpected(hourlyAtWeekends, firstPass)!.Value;

        Assert.Equal(firstPass.AddHours(1), next); // not 01:30 read as its first pass: the run just recorded
        Assert.Equal(TimeSpan.FromHours(-5), newYork.GetUtcOffset(next));
    }

    [Fact]
    public void Every_12_hours_is_12_real_hours_across_a_clock_change()
    {
        var every12h = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromHours(12), TimeZone: "Europe/Berlin");
        var saturdayEvening = BerlinTime(2026, 10, 24, 20, 0);

        var next = ScheduleMath.NextExpected(every12h, saturdayEvening)!.Value;

        Assert.Equal(TimeSpan.FromHours(12), next - saturdayEvening);
        Assert.Equal(7, TimeZoneInfo.ConvertTime(next, Berlin).Hour); // the wall clock says 07:00, an hour "early"
    }

    [Fact]
    public void A_cron_on_the_last_day_of_the_month_follows_month_ends()
    {
        var monthEnd = new JobSchedule(ScheduleKind.Cron, Cron: "0 3 L * *");

        var afterJanuary = ScheduleMath.NextExpected(monthEnd, new DateTimeOffset(2026, 1, 31, 3, 0, 0, TimeSpan.Zero));
        var afterFebruary = ScheduleMath.NextExpected(monthEnd, afterJanuary!.Value);

        Assert.Equal(new DateTimeOffset(2026, 2, 28, 3, 0, 0, TimeSpan.Zero), afterJanuary);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 3, 0, 0, TimeSpan.Zero), afterFebruary);
    }

    [Fact]
    public void A_time_zone_far_from_the_servers_decides_the_day()
    {
        // 05:30 on a Monday in Auckland (UTC+13 in November) is Sunday 16:30 UTC.
        var auckland = WeekdaysAt0530 with { TimeZone = "Pacific/Auckland" };
        var fridayThere = new DateTimeOffset(2026, 11, 26, 16, 31, 0, TimeSpan.Zero); // Friday 05:31 in Auckland

        var deadline = Deadline(auckland, Grace, fridayThere, LongAgo);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 17, 30, 0, TimeSpan.Zero), deadline!.Value.ToUniversalTime());
    }

    [Fact]
    public void No_schedule_is_never_overdue()
    {
        Assert.Null(Deadline(JobSchedule.None, Grace, DateTimeOffset.UtcNow, LongAgo));
    }

    [Theory]
    [InlineData("1D", 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("1W", 7 * 24 * 60)]
    [InlineData("1D2h30m", 26 * 60 + 30)]
    [InlineData("90m", 90)]
    [InlineData("PT12H", 12 * 60)]
    public void Durations_read_as_people_write_them(string text, int minutes)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
        Assert.True(Durations.TryParse(Durations.Format(duration), out var again));
        Assert.Equal(duration, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1M")] // months have no fixed length
    [InlineData("soon")]
    [InlineData("0h")]
    [InlineData("-1D")]
    public void Durations_that_are_not_are_refused(string text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData("99999999D")]
    [InlineData("99999999999999999999999999999W")]
    [InlineData("3654D")]
    [InlineData("522W1D")]
    [InlineData("100000W100000W100000W100000W100000W100000W100000W100000W100000W100000W100000W100000W100000W100000W100000W100000W")]
    [InlineData("P99999999D")]
    [InlineData("P3654D")]
    public void Durations_past_ten_years_are_refused_as_too_long_not_as_unreadable(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
        Assert.Equal("grace is at most 3653D (ten years).", Durations.Problem(text, "grace", "grace is a duration like 30m."));
    }

    [Fact]
    public void Ten_years_is_a_duration_and_nonsense_keeps_the_fields_own_words()
    {
        Assert.Null(Durations.Problem("3653D", "grace", "unused"));
        Assert.True(Durations.TryParse("521W6D", out var longest));
        Assert.Equal(TimeSpan.FromDays(3653), longest);
        Assert.Equal("grace is a duration like 30m.", Durations.Problem("soon", "grace", "grace is a duration like 30m."));
        Assert.Equal("grace is longer than zero. grace is a duration like 30m.", Durations.Problem("0m", "grace", "grace is a duration like 30m.")); // read as a duration by whoever typed it
        Assert.Equal("grace is longer than zero. grace is a duration like 30m.", Durations.Problem("PT0S", "grace", "grace is a duration like 30m."));
    }

    [Theory]
    [InlineData(ScheduleKind.Interval, "12h", "05:30", null, "UTC", "schedule.at")]
    [InlineData(ScheduleKind.Cron, null, null, "every night", "UTC", "schedule.cron")]
    [InlineData(ScheduleKind.Interval, "1D", null, null, "Mars/Olympus", "timeZone")]
    [InlineData(ScheduleKind.Interval, "30s", null, null, "UTC", "schedule.every")]
    public void Schedules_that_cannot_work_name_the_field(ScheduleKind kind, string? every, string? at, string? cron, string zone, string field)
    {
        var schedule = new JobSchedule(kind, every is null ? null : Durations.TryParse(every, out var e) ? e : null, null,
            at is null ? null : TimeOnly.Parse(at), cron, zone);

        Assert.Equal(field, JobSchedule.Check(schedule)?.Field);
    }

    [Theory]
    [InlineData("* * *", false, "this has 3")] // Cronos said "Unexpected character '\0'"
    [InlineData("0 3 * * 1 7", false, "this has 6")]
    [InlineData("30 5 * * 1-5", true, null)]
    [InlineData("@daily", true, null)]
    [InlineData("61 5 * * 1-5", false, "Not a valid cron expression: Minutes")] // five fields: the message must not say otherwise
    [InlineData("0 0 30 2 *", false, "matches no date")] // 30 February: accepted, it left the job never expected, never missed
    [InlineData("0 0 31 4,6,9,11 *", false, "matches no date")]
    [InlineData("0 0 29 2 *", true, null)] // leap years
    [InlineData("H 3 * * *", false, "write the minute and hour its crontab uses")] // Jenkins' hash: was a 500 (Cronos' MissingSeedException)
    public void A_cron_expression_is_five_fields_or_a_macro_and_a_wrong_count_is_said_in_words(string cron, bool valid, string? said)
    {
        Assert.Equal(valid, ScheduleMath.TryParseCron(cron, out _, out var problem));
        if (said is not null) Assert.Contains(said, problem);
        Assert.DoesNotContain('\0', problem ?? "");
    }

    [Fact]
    public void Schedules_read_as_words()
    {
        Assert.Equal("At 05:30 on Mon–Fri (Europe/Berlin)", ScheduleMath.Describe(WeekdaysAt0530));
        Assert.Equal("At 03:00 on Mon, Fri (UTC)", ScheduleMath.Describe(new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1), [DayOfWeek.Friday, DayOfWeek.Monday], new TimeOnly(3, 0))));
        Assert.Equal("Every 12 h", ScheduleMath.Describe(new JobSchedule(ScheduleKind.Interval, TimeSpan.FromHours(12))));
        Assert.Equal("Every week on Sunday at 03:00 (UTC)", ScheduleMath.Describe(new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(7), [DayOfWeek.Sunday], new TimeOnly(3, 0))));
        Assert.Equal("Cron 0 3 L * * (UTC)", ScheduleMath.Describe(new JobSchedule(ScheduleKind.Cron, Cron: "0 3 L * *")));
    }
}
