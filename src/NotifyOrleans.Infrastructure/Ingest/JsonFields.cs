using System.Globalization;
using System.Text.Json;
using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>Typed reads of optional JSON fields that fail with a message naming the field.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement parent, string name, string path, List<IngestProblem> problems)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        problems.Add(IngestProblem.BadField(path, $"{path} must be a string."));
        return null;
    }

    public static long? Long(JsonElement parent, string name, string path, List<IngestProblem> problems)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0) return number;
        problems.Add(IngestProblem.BadField(path, $"{path} must be a whole number of at least 0."));
        return null;
    }

    /// <summary>A time, refused when later than <paramref name="now"/> allows (<see cref="RunReport.MaxClockSkew"/>).</summary>
    /// <param name="strict">
    /// The runs API's rules. A time without Z or an offset is refused: "05:30" from a script in Berlin
    /// is not 05:30 UTC, and reading it so would put the run hours off. So is a time before 2000 (a
    /// script's unset variable, 0001-01-01 or 1970): taken, it became the arrival time or was dropped
    /// without a word. Duplicati always writes Z, and its 0001-01-01 means "never ended".
    /// </param>
    public static DateTimeOffset? Time(JsonElement parent, string name, string path, List<IngestProblem> problems, DateTimeOffset now, bool strict = false)
    {
        var text = String(parent, name, path, problems);
        if (text is null) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            problems.Add(IngestProblem.BadField(path, $"{path} must be an ISO 8601 time, like 2026-11-22T09:00:00Z."));
            return null;
        }

        if (strict && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var written) && written.Kind == DateTimeKind.Unspecified)
        {
            problems.Add(IngestProblem.BadField(path, $"{path} has no time zone: end it with Z for UTC or with its offset, like 2026-11-22T09:00:00Z or 2026-11-22T10:00:00+01:00 (date -Iseconds writes one)."));
            return null;
        }

        if (strict && time < EarliestScriptTime)
        {
            problems.Add(IngestProblem.BadField(path, $"{path} ({time:yyyy-MM-dd}) is before 2000: leave it out when the time is not known (the arrival is then the end)."));
            return null;
        }

        if (time.Year <= 1) return null; // Duplicati sends 0001-01-01 for "never ended"
        if (FutureProblem(time, path, now) is { } future) problems.Add(future);
        return time;
    }

    private static readonly DateTimeOffset EarliestScriptTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IngestProblem? FutureProblem(DateTimeOffset time, string path, DateTimeOffset now) =>
        time > now + RunReport.MaxClockSkew
            ? IngestProblem.BadField(path, $"{path} ({time:yyyy-MM-dd HH:mm} UTC) is in the future: check the clock of the machine that sent it.")
            : null;

    public static TimeSpan? Duration(JsonElement parent, string name, string path, List<IngestProblem> problems)
    {
        var text = String(parent, name, path, problems);
        if (text is null) return null;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration) && duration >= TimeSpan.Zero) return duration;
        problems.Add(IngestProblem.BadField(path, $"{path} must be a duration, like 00:05:12."));
        return null;
    }
}
