namespace NotifyOrleans.Domain;

/// <summary>Time zone ids the product accepts: the IANA ids the operating system knows.</summary>
public static class TimeZones
{
    public static bool IsKnown(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The zone a schedule is read in when it names none: this server's.</summary>
    public static string Server => IsKnown(TimeZoneInfo.Local.Id) ? TimeZoneInfo.Local.Id : "UTC";

    /// <summary>Every IANA id, sorted, for pickers.</summary>
    public static IReadOnlyList<string> All { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(zone => zone.Id)
        .Append("UTC")
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToArray();
}
