using System.Globalization;

namespace NotifyOrleans.Domain;

/// <summary>Wall-clock times in a zone: as instants, and as people read them.</summary>
public static class LocalTimes
{
    /// <summary>
    /// A time as every message and page writes it in running text, the zone named after it:
    /// "2026-12-24 08:00 UTC", "2026-12-24 09:00 (Europe/Berlin)".
    /// </summary>
    public static string Format(DateTimeOffset at, TimeZoneInfo zone, string format = "yyyy-MM-dd HH:mm") =>
        IsUtc(zone)
            ? at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture) + " UTC"
            : $"{TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture)} ({zone.Id})";

    /// <summary>UTC itself, by either of its names (a zone that merely has no offset, Africa/Abidjan, keeps its own).</summary>
    public static bool IsUtc(TimeZoneInfo zone) => zone.Id is "UTC" or "Etc/UTC";

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
