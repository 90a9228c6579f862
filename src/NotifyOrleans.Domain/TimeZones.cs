namespace NotifyOrleans.Domain;

/// <summary>Time zone ids the product accepts: the IANA ids the operating system knows.</summary>
public static class TimeZones
{
    public static bool IsKnown(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>
    /// The zone a schedule is read in when it names none: this server's. A machine on UTC names it
    /// by one of the zone's aliases (Debian and containers link /etc/localtime to Etc/UTC); the
    /// forms and the API call it "UTC", as people write it.
    /// </summary>
    public static string Server => ForServerClock(TimeZoneInfo.Local.Id);

    /// <summary>The id <see cref="Server"/> gives for a machine whose clock is in the zone named <paramref name="localId"/>.</summary>
    public static string ForServerClock(string localId) => localId switch
    {
        _ when UtcAliases.Contains(localId) => "UTC",
        _ when IsKnown(localId) => localId,
        _ => "UTC",
    };

    private static readonly HashSet<string> UtcAliases = new(StringComparer.OrdinalIgnoreCase)
        { "UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu" };

    /// <summary>Every IANA id, sorted, for pickers.</summary>
    public static IReadOnlyList<string> All { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(zone => zone.Id)
        .Append("UTC")
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// What a picker offers: <see cref="All"/>, and the saved zone if the list lacks it (an alias
    /// such as Etc/GMT+5, set through the API): a picker without it would show another zone and
    /// save that one unasked.
    /// </summary>
    public static IReadOnlyList<string> ChoicesWith(string? saved) =>
        IsKnown(saved) && !All.Contains(saved!) ? [.. All, saved!] : All;
}
