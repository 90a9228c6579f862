namespace NotifyOrleans.Domain.Grains.Users;

public enum SummaryFrequency { Off, Daily, Weekly }

/// <summary>
/// When a person gets a summary of their subscribed jobs: every day, or every week on
/// <paramref name="Day"/>, at <paramref name="At"/> in their time zone. Each summary covers the
/// day or week that ends at its time.
/// </summary>
[GenerateSerializer, Immutable, Alias("SummarySchedule")]
public sealed record SummarySchedule(SummaryFrequency Frequency, TimeOnly At, DayOfWeek Day = DayOfWeek.Monday)
{
    public bool IsOn => Frequency != SummaryFrequency.Off;

    public string PeriodName => Frequency == SummaryFrequency.Weekly ? "week" : "day";

    /// <summary>The first summary time after <paramref name="after"/>; null when off.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone)
    {
        if (!IsOn) return null;
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var date = local.Date;
        if (Frequency == SummaryFrequency.Weekly) date = date.AddDays(((int)Day - (int)date.DayOfWeek + 7) % 7);
        var step = Frequency == SummaryFrequency.Weekly ? 7 : 1;
        for (var candidate = date; ; candidate = candidate.AddDays(step))
        {
            var at = LocalTimes.ToInstant(candidate + At.ToTimeSpan(), zone);
            if (at > after) return at;
        }
    }

    /// <summary>The latest summary time at or before <paramref name="now"/>: the period a late tick still reports.</summary>
    public DateTimeOffset? LatestUpTo(DateTimeOffset now, TimeZoneInfo zone)
    {
        if (NextAfter(now.AddDays(Frequency == SummaryFrequency.Weekly ? -8 : -2), zone) is not { } at || at > now) return null;
        while (NextAfter(at, zone) is { } next && next <= now) at = next;
        return at;
    }

    /// <summary>
    /// Where the period that ends at <paramref name="end"/> began: the same local time a day or a
    /// week before. A period that ends at a summary time begins at the one before it, read at its
    /// own time of day: a 02:30 summary the clocks skip goes at 03:00, and "03:00 the day before"
    /// left the half hour between the two summaries in neither.
    /// </summary>
    public DateTimeOffset PeriodStart(DateTimeOffset end, TimeZoneInfo zone)
    {
        var before = TimeZoneInfo.ConvertTime(end, zone).DateTime.AddDays(Frequency == SummaryFrequency.Weekly ? -7 : -1);
        if (NextAfter(end.AddTicks(-1), zone) == end) before = before.Date + At.ToTimeSpan();
        return LocalTimes.ToInstant(before, zone);
    }

    public string Describe() => Frequency switch
    {
        SummaryFrequency.Daily => $"daily at {At:HH:mm}",
        SummaryFrequency.Weekly => $"weekly on {Day} at {At:HH:mm}",
        _ => "off",
    };
}
