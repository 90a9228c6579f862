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
        IsKnown(saved) && !All.Contains(saved!) ? [.. All.Append(saved!).Order(StringComparer.Ordinal)] : All;

    /// <summary>
    /// The list's name for a zone given by an older one, a link in the zone database (Chromium
    /// still says Asia/Calcutta for Asia/Kolkata, Europe/Kiev for Europe/Kyiv), so that a person's
    /// zone is kept and shown by the name the list has; the id itself when the list has it, or
    /// when the link cannot be read (a zone database without links as files).
    /// </summary>
    public static string Listed(string id)
    {
        if (All.Contains(id)) return id;
        var directory = Environment.GetEnvironmentVariable("TZDIR") ?? "/usr/share/zoneinfo"; // where .NET reads zones on Linux
        try
        {
            var target = new FileInfo(Path.Combine(directory, id)).ResolveLinkTarget(returnFinalTarget: true);
            var name = target is null ? null : Path.GetRelativePath(directory, target.FullName);
            return name is not null && All.Contains(name) ? name : id;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return id;
        }
    }
}
