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
    /// <summary>
    /// The longest duration anything takes (a schedule's period, a grace, an escalation's wait, a
    /// pause): ten years. Past it a value is a slip of the keyboard (<c>99999999D</c>), and it would
    /// overflow a date.
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3653);

    public static bool TryParse(string? text, out TimeSpan duration) => Read(text, out duration) == Reading.Duration;

    /// <summary>
    /// Why <paramref name="text"/> is not a duration, naming <paramref name="field"/>: too long, or
    /// else <paramref name="usage"/> (the field's own examples); null when it is one.
    /// </summary>
    public static string? Problem(string? text, string field, string usage) => Read(text, out _) switch
    {
        Reading.Duration => null,
        Reading.TooLong => $"{field} is at most {Format(Longest)} (ten years).",
        // "0m" reads as a duration to whoever typed it: the words for nonsense would puzzle them.
        Reading.NotAboveZero => $"{field} is longer than zero. {usage}",
        _ => usage,
    };

    private enum Reading { Duration, TooLong, NotAboveZero, NotADuration }

    private static Reading Read(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var value = text?.Trim() ?? "";
        if (value.Length == 0) return Reading.NotADuration;
        if (value.StartsWith('P'))
        {
            try
            {
                duration = System.Xml.XmlConvert.ToTimeSpan(value);
            }
            catch (FormatException)
            {
                return Reading.NotADuration;
            }
            catch (OverflowException)
            {
                return Reading.TooLong;
            }
        }
        else
        {
            var match = Compact().Match(value);
            if (!match.Success) return Reading.NotADuration;
            // Summed in whole seconds, each part checked first: no number of digits overflows.
            var seconds = 0L;
            foreach (Capture part in match.Groups["part"].Captures)
            {
                if (!long.TryParse(part.Value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > (long)Longest.TotalSeconds) return Reading.TooLong;
                seconds += amount * part.Value[^1] switch
                {
                    'W' or 'w' => 7 * 86400,
                    'D' or 'd' => 86400,
                    'H' or 'h' => 3600,
                    'm' => 60,
                    's' or 'S' => 1,
                    _ => throw new InvalidOperationException("the pattern admits no other unit"),
                };
                if (seconds > (long)Longest.TotalSeconds) return Reading.TooLong;
            }

            duration = TimeSpan.FromSeconds(seconds);
        }

        return duration <= TimeSpan.Zero ? Reading.NotAboveZero : duration > Longest ? Reading.TooLong : Reading.Duration;
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
