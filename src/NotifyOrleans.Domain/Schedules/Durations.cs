using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NotifyOrleans.Domain.Schedules;

/// <summary>
/// Durations as people write them in a schedule: <c>1D</c>, <c>12h</c>, <c>1W</c>, <c>1D2h30m</c>
/// (W weeks, D days, h hours, m minutes, s seconds; units any case except m/M, where M is not
/// minutes: months have no fixed length, so they are not accepted). ISO 8601 (<c>PT12H</c>,
/// <c>P1D</c>) is accepted too, as the API's other durations are written so.
/// </summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var value = text?.Trim() ?? "";
        if (value.Length == 0) return false;
        if (value.StartsWith('P'))
        {
            try
            {
                duration = System.Xml.XmlConvert.ToTimeSpan(value);
                return duration > TimeSpan.Zero;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        var match = Compact().Match(value);
        if (!match.Success) return false;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value[^1];
            if (!long.TryParse(part.Value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 100_000) return false;
            duration += unit switch
            {
                'W' or 'w' => TimeSpan.FromDays(7 * amount),
                'D' or 'd' => TimeSpan.FromDays(amount),
                'H' or 'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                's' or 'S' => TimeSpan.FromSeconds(amount),
                _ => throw new InvalidOperationException("the pattern admits no other unit"),
            };
        }

        return duration > TimeSpan.Zero;
    }

    /// <summary>The compact form back: 1 day 2 h 30 min → <c>1D2h30m</c>; whole weeks as W.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return "0m";
        var text = new StringBuilder();
        var days = (long)duration.TotalDays;
        if (days > 0 && days % 7 == 0 && duration == TimeSpan.FromDays(days)) return $"{days / 7}W";
        if (days > 0) text.Append(CultureInfo.InvariantCulture, $"{days}D");
        if (duration.Hours > 0) text.Append(CultureInfo.InvariantCulture, $"{duration.Hours}h");
        if (duration.Minutes > 0) text.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        if (duration.Seconds > 0) text.Append(CultureInfo.InvariantCulture, $"{duration.Seconds}s");
        return text.ToString();
    }

    /// <summary>
    /// How long something took or lasted, as mails and pages both say it: a run's duration, how long
    /// a job was down. "14ms" (restic and borg time small runs to the millisecond: "0s" read as no
    /// time at all), "4m 05s", "1h 05m", "11d 03h" (a long incident: not "267h 28m").
    /// </summary>
    public static string Elapsed(TimeSpan duration) => duration.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalDays}d {duration.Hours:00}h")
        : duration.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h {duration.Minutes:00}m")
        : duration.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m {duration.Seconds:00}s")
        : duration.TotalSeconds >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0}ms");

    /// <summary>For people: "1 day 2 h 30 min".</summary>
    public static string Words(TimeSpan duration)
    {
        var parts = new List<string>();
        var days = (long)duration.TotalDays;
        if (days >= 7 && days % 7 == 0 && duration == TimeSpan.FromDays(days)) return days == 7 ? "1 week" : $"{days / 7} weeks";
        if (days > 0) parts.Add(days == 1 ? "1 day" : $"{days} days");
        if (duration.Hours > 0) parts.Add($"{duration.Hours} h");
        if (duration.Minutes > 0) parts.Add($"{duration.Minutes} min");
        if (duration.Seconds > 0) parts.Add($"{duration.Seconds} s");
        return parts.Count == 0 ? "0 min" : string.Join(" ", parts);
    }

    [GeneratedRegex(@"^(?<part>\d+[WwDdHhmSs])+$")]
    private static partial Regex Compact();
}
