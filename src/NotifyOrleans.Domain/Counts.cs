namespace NotifyOrleans.Domain;

/// <summary>Counts as people write them: "1 channel", "3 channels", never "3 channel(s)".</summary>
public static class Counts
{
    /// <param name="many">The plural, when it is not <paramref name="one"/> + "s" ("recoveries").</param>
    public static string Of(int count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";
}
