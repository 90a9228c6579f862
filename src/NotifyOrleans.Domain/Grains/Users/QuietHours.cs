namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>
/// When a person does not want to be disturbed, in their own time zone: every night from
/// <paramref name="From"/> to <paramref name="To"/> (a window may cross midnight), and all of
/// Saturday and Sunday when <paramref name="Weekends"/>. Messages that are not urgent wait and
/// arrive as one digest when the quiet time ends; failures, missed runs and escalations come
/// through at once when <paramref name="UrgentComesThrough"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("QuietHours")]
public sealed record QuietHours(
    TimeOnly? From,
    TimeOnly? To,
    bool Weekends,
    bool UrgentComesThrough)
{
    public bool IsSet => (From is not null && To is not null && From != To) || Weekends;

    /// <summary>
    /// A notice that may come through quiet hours: a failure, a missed run (Overdue: for a job with a
    /// schedule, the one alert there may be) or an escalation. Good news and warnings wait.
    /// </summary>
    public static bool IsUrgent(string eventType) =>
        eventType is Notifications.EventTypes.BackupFailure or Notifications.EventTypes.BackupOverdue or Notifications.EventTypes.BackupEscalated;

    /// <summary>
    /// Until when these hours hold a notice of <paramref name="eventType"/> sent at <paramref name="now"/>;
    /// null: it goes now (not quiet, or urgent and let through). A person's, a channel's and an
    /// escalation step's emails are all held by this one rule.
    /// </summary>
    public DateTimeOffset? Holds(string eventType, DateTimeOffset now, TimeZoneInfo zone) =>
        IsUrgent(eventType) && UrgentComesThrough ? null : QuietUntil(now, zone);

    /// <summary>What every form and the API say when a nightly window has only one end.</summary>
    public const string OneEndMissing = "Give both the start and the end, or neither.";

    /// <summary>What every form and the API say when a nightly window ends where it starts.</summary>
    public const string EndsAtStart = "The end is the start: that is no quiet time. Give two different times, or neither.";

    /// <summary>
    /// A nightly window needs two different ends, or none (no nightly quiet hours). Returns the end
    /// at fault and what to say by its field; null when the two agree. Every form and the API
    /// check with this, so each says the same.
    /// </summary>
    public static (QuietHoursEnd Field, string Message)? Check(TimeOnly? from, TimeOnly? to) => (from, to) switch
    {
        (null, not null) => (QuietHoursEnd.From, OneEndMissing),
        (not null, null) => (QuietHoursEnd.To, OneEndMissing),
        (not null, not null) when from == to => (QuietHoursEnd.To, EndsAtStart),
        _ => null,
    };

    /// <summary>
    /// The end of the quiet time <paramref name="now"/> falls in, or null when it is not quiet.
    /// A night that runs into a weekend (or a weekend into a night) is one quiet time.
    /// </summary>
    public DateTimeOffset? QuietUntil(DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!IsSet) return null;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var night = NightAround(now, zone);
        if (night is null && !InWeekend(local)) return null;
        // Walk forward to the first local minute that is not quiet (at most a weekend and two nights).
        var end = night is { } nightEnd ? TimeZoneInfo.ConvertTime(nightEnd, zone).DateTime : EndOfStretch(local);
        for (var i = 0; i < 4 && IsQuiet(end); i++) end = EndOfStretch(end);
        return LocalTimes.ToInstant(end, zone);
    }

    /// <summary>
    /// The end of the nightly window <paramref name="now"/> is in, null when it is in none. In
    /// instants, not by the wall clock: the night the clocks go back, 02:00–02:30 happens twice, and
    /// a window ending at 02:30 has ended at the first (the second pass is not quiet again), one
    /// starting at 02:30 has begun (the second pass of 02:00 is inside it).
    /// </summary>
    private DateTimeOffset? NightAround(DateTimeOffset now, TimeZoneInfo zone)
    {
        if (From is not { } from || To is not { } to || from == to) return null;
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        foreach (var night in new[] { today.AddDays(-1), today })
        {
            var start = LocalTimes.ToInstant(night + from.ToTimeSpan(), zone);
            var end = LocalTimes.ToInstant((from < to ? night : night.AddDays(1)) + to.ToTimeSpan(), zone);
            if (start <= now && now < end) return end;
        }

        return null;
    }

    private bool IsQuiet(DateTime local) => InWeekend(local) || InNight(local);

    private bool InWeekend(DateTime local) => Weekends && local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private bool InNight(DateTime local)
    {
        if (From is not { } from || To is not { } to || from == to) return false;
        var time = TimeOnly.FromDateTime(local);
        return from < to ? time >= from && time < to : time >= from || time < to;
    }

    /// <summary>Where the quiet stretch that <paramref name="local"/> is in ends: the night's end, or Monday 00:00.</summary>
    private DateTime EndOfStretch(DateTime local)
    {
        if (InNight(local))
        {
            var to = To!.Value;
            var end = local.Date + to.ToTimeSpan();
            return end > local ? end : end.AddDays(1);
        }

        var daysToMonday = ((int)DayOfWeek.Monday - (int)local.DayOfWeek + 7) % 7;
        return local.Date.AddDays(daysToMonday == 0 ? 7 : daysToMonday);
    }

    public string Describe()
    {
        var parts = new List<string>();
        if (From is { } from && To is { } to && from != to) parts.Add($"{from:HH:mm}–{to:HH:mm}");
        if (Weekends) parts.Add("weekends");
        return parts.Count == 0 ? "none" : string.Join(" and ", parts) + (UrgentComesThrough ? "; failures, missed runs and escalations come through" : "; everything waits");
    }
}

/// <summary>One end of a nightly quiet window.</summary>
public enum QuietHoursEnd { From, To }
