using System.Globalization;
using System.Text.RegularExpressions;

namespace NotifyOrleans.Domain;

/// <summary>Wall-clock times in a zone: as instants, and as people read them.</summary>
public static partial class LocalTimes
{
    /// <summary>
    /// A time as every message and page writes it in running text, the zone named after it:
    /// "2026-12-24 08:00 UTC", "2026-12-24 09:00 (Europe/Berlin)".
    /// </summary>
    public static string Format(DateTimeOffset at, TimeZoneInfo zone, string format = "yyyy-MM-dd HH:mm") =>
        IsUtc(zone)
            ? at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture) + " UTC"
            : $"{TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture)} ({zone.Id})";

    /// <summary>
    /// <paramref name="text"/> with each time written in UTC by <see cref="Format"/> ("until
    /// 2026-12-04 20:08 UTC", to the minute or the second) written in <paramref name="zone"/>
    /// instead: texts kept for everyone (a job's timeline) are written in UTC and read in each
    /// reader's zone, under a heading that names it.
    /// </summary>
    /// <param name="named">
    /// Each time says its zone ("09:00 (Europe/Berlin)"); false: the heading above the text names it
    /// once, and each time is the bare local time.
    /// </param>
    public static string InZone(string text, TimeZoneInfo zone, bool named = true) => (named && IsUtc(zone)) || !text.Contains(" UTC", StringComparison.Ordinal)
        ? text
        : UtcStamp().Replace(text, match =>
        {
            var format = match.Groups["seconds"].Success ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm";
            var at = new DateTimeOffset(DateTime.ParseExact(match.Groups["at"].Value, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
            return named ? Format(at, zone, format) : TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture);
        });

    [GeneratedRegex(@"\b(?<at>\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?<seconds>:\d{2})?) UTC\b", RegexOptions.CultureInvariant)]
    private static partial Regex UtcStamp();

    /// <summary>UTC itself, by either of its names (a zone that merely has no offset, Africa/Abidjan, keeps its own).</summary>
    public static bool IsUtc(TimeZoneInfo zone) => zone.Id is "UTC" or "Etc/UTC";

    /// <summary>
    /// A local time as an instant, read as schedules read it (<see cref="Schedules.ScheduleMath.FromLocal"/>):
    /// a time the clocks skipped is the moment they jump, a time that happens twice its first pass.
    /// (Quiet hours and summaries read the repeated hour's second pass, and stepped through a gap
    /// in quarter hours: a night's digest came after notices sent live at the same wall-clock time.)
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone) => Schedules.ScheduleMath.FromLocal(local, zone).ToUniversalTime();

    /// <summary>The zone of an id, UTC when the id is unknown.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
