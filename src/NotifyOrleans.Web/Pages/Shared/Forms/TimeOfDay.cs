using System.Globalization;

namespace NotifyOrleans.Web.Pages.Shared.Forms;

/// <summary>A time of day as forms post it: "22:00" from a time input (browsers may add seconds), "7:30" typed.</summary>
public static class TimeOfDay
{
    public const string Problem = "Give a time as HH:mm, for example 22:00.";

    public static bool TryRead(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static string Write(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
