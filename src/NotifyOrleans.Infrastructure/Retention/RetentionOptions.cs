namespace NotifyOrleans.Infrastructure.Retention;

/// <summary>
/// Section <c>Retention</c>: how long the tables that grow with every report keep their rows.
/// Null or zero keeps them for ever. A day's sweep deletes what is older (<see cref="RetentionSweeper"/>).
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Backup runs (the job pages' history and charts), by the time each run ended.</summary>
    public TimeSpan? RunHistory { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Finished notifications in the delivery log (sent, given up, cancelled, folded into a digest), by when they were made.</summary>
    public TimeSpan? DeliveryLog { get; set; } = TimeSpan.FromDays(90);

    /// <summary>System events (logins, restores, errors) once routed, and the jobs' incident timelines.</summary>
    public TimeSpan? Events { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Rows deleted per statement: each delete is a short write, so reports never wait long for
    /// SQLite's one writer while a year's rows go.
    /// </summary>
    public int BatchSize { get; set; } = 2_000;

    /// <summary>What is wrong with these settings, in a sentence naming them; null when nothing is.</summary>
    public string? Problem() =>
        new[] { RunHistory, DeliveryLog, Events }.Any(keep => keep is { Ticks: < 0 })
            ? "Retention: RunHistory, DeliveryLog and Events are durations like 90.00:00:00 (90 days), or 0 to keep for ever; not below 0."
        : BatchSize <= 0 ? "Retention:BatchSize must be above 0."
        : null;

    public static DateTimeOffset? Cutoff(TimeSpan? keep, DateTimeOffset now) => keep is { Ticks: > 0 } period ? now - period : null;

    /// <summary>How long, in words, as the pages say it: "365 days", "for ever".</summary>
    public static string Describe(TimeSpan? keep) =>
        keep is not { Ticks: > 0 } period ? "for ever"
        : period.TotalDays >= 1 ? Domain.Counts.Of((int)Math.Round(period.TotalDays), "day")
        : Domain.Schedules.Durations.Format(period);
}
