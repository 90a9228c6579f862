namespace NotifyOrleans.Domain;

/// <summary>Small sums over instants.</summary>
public static class Instants
{
    /// <summary>The earlier of two instants; null only when both are.</summary>
    public static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>
    /// The instant to the millisecond, as the database keeps it: a grain's state in memory and the
    /// state read back after a restart then say the same.
    /// </summary>
    public static DateTimeOffset AsStored(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());
}
