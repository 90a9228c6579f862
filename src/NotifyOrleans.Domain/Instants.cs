namespace NotifyOrleans.Domain;

/// <summary>Small sums over optional instants.</summary>
public static class Instants
{
    /// <summary>The earlier of two instants; null only when both are.</summary>
    public static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
