using System.Globalization;
using NotifyOrleans.Domain;

namespace NotifyOrleans.Web.Pages.Shared.Times;

/// <summary>
/// The time zone the console shows times in: the signed-in person's own, from My notifications,
/// the zone their mails, digests and summaries are written in too; UTC when nobody is signed in
/// or they chose UTC. <see cref="ViewerTimeFilter"/> sets it once per page request.
/// </summary>
public sealed class ViewerTime
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public bool IsUtc => LocalTimes.IsUtc(Zone);

    /// <summary>The zone's name as a column heading or a line ends with it: "UTC", "Europe/Berlin".</summary>
    public string ZoneName => IsUtc ? "UTC" : Zone.Id;

    public void Use(TimeZoneInfo zone) => Zone = zone;

    /// <summary>A column heading with the zone its times are in: "Queued (Europe/Berlin)".</summary>
    public string Heading(string name) => $"{name} ({ZoneName})";

    /// <summary>A time in the zone, without its name (a table cell under a <see cref="Heading"/>).</summary>
    public string Local(DateTimeOffset time, string format = "yyyy-MM-dd HH:mm:ss") =>
        TimeZoneInfo.ConvertTime(time, Zone).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A text kept in UTC (a timeline line) with its times in the reader's zone (<see cref="LocalTimes.InZone"/>).</summary>
    public string InText(string text) => LocalTimes.InZone(text, Zone);

    /// <summary>The same under a <see cref="Heading"/> that names the zone (a job's timeline): each time without it.</summary>
    public string InTextUnderHeading(string text) => LocalTimes.InZone(text, Zone, named: false);

    /// <summary>
    /// A time in running text, with its zone as the person's mails write it: "2026-12-24 08:00 UTC",
    /// "2026-12-24 09:00 (Europe/Berlin)"; a dash for none.
    /// </summary>
    public string When(DateTimeOffset? time, string format = "yyyy-MM-dd HH:mm") =>
        time is { } t ? LocalTimes.Format(t, Zone, format) : "—";
}
