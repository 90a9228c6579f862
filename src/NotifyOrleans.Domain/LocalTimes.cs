namespace NotifyOrleans.Domain;

/// <summary>Wall-clock times in a zone as instants.</summary>
public static class LocalTimes
{
    /// <summary>A local time as an instant; a time the clocks skipped (spring forward) is taken just after the gap.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The zone of an id, UTC when the id is unknown.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
