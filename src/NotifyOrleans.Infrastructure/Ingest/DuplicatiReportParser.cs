using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>
/// Reads Duplicati's own report, as <c>--send-http-url</c> sends it: the JSON format
/// (<c>{"Data": {...}, "Extra": {...}, "LogLines": [...], "Exception": ...}</c>), also as
/// duplistatus stores it, and the default text format (a form field <c>message=</c>).
/// </summary>
public static partial class DuplicatiReportParser
{
    public const string JsonAdvice = "Add --send-http-result-output-format=Json to the Duplicati job's options.";

    public static Parsed<RunReport> ParseJson(JsonElement root, string? serverFromKey, string? jobFromKey, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object) return IngestProblem.BadField("$", "The report must be a JSON object with Data and Extra.");
        if (!root.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object)
            return IngestProblem.BadField("Data", "Data is missing or not an object: this is not a Duplicati JSON report. " + JsonAdvice);
        var extra = root.TryGetProperty("Extra", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        if (root.TryGetProperty("Extra", out var extraValue) && extraValue.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return IngestProblem.BadField("Extra", "Extra must be an object of strings.");

        var problems = new List<IngestProblem>();
        var parsedResult = JsonFields.String(data, "ParsedResult", "Data.ParsedResult", problems);
        var operationText = JsonFields.String(data, "MainOperation", "Data.MainOperation", problems);
        var begin = JsonFields.Time(data, "BeginTime", "Data.BeginTime", problems, now);
        var end = JsonFields.Time(data, "EndTime", "Data.EndTime", problems, now);
        var duration = JsonFields.Duration(data, "Duration", "Data.Duration", problems);
        var warnings = JsonFields.Long(data, "WarningsActualLength", "Data.WarningsActualLength", problems);
        var errors = JsonFields.Long(data, "ErrorsActualLength", "Data.ErrorsActualLength", problems);
        var operation = ParseOperation(operationText);
        var fileCount = JsonFields.Long(data, operation == RunOperation.Restore ? "RestoredFiles" : "ExaminedFiles", "Data.ExaminedFiles", problems);
        var size = BackupSize(data, operation, problems);
        string? Extra(string name) => extra.ValueKind == JsonValueKind.Object ? JsonFields.String(extra, name, $"Extra.{name}", problems) : null;
        var backupName = Extra("backup-name");
        var backupId = Extra("backup-id");
        var machineName = Extra("machine-name");
        var machineId = Extra("machine-id");
        var exception = JsonFields.String(root, "Exception", "Exception", problems);
        if (problems.Count > 0) return problems[0];

        if (parsedResult is null) return IngestProblem.BadField("Data.ParsedResult", "Data.ParsedResult is required (Success, Warning, Error or Fatal).");
        if (ParseStatus(parsedResult, warnings) is not { } status)
            return IngestProblem.BadField("Data.ParsedResult", $"Data.ParsedResult '{parsedResult}' is not one of Success, Warning, Error, Fatal.");
        var server = serverFromKey ?? NonEmpty(machineName) ?? NonEmpty(machineId);
        if (server is null) return IngestProblem.BadField("Extra.machine-name", "The report names no machine (Extra.machine-name). Use an ingest key created for this server.");
        var job = jobFromKey ?? NonEmpty(backupName);
        if (job is null) return IngestProblem.BadField("Extra.backup-name", "The report names no backup (Extra.backup-name): give the Duplicati job a name.");
        if (JobKey.Check(server, job) is { } tooLong)
            return IngestProblem.BadField(tooLong.Field == "server" ? "Extra.machine-name" : "Extra.backup-name", tooLong.Message);

        // A run that never ended (a failure before it began) says EndTime 0001-01-01 and Duration
        // 00:00:00: it took no known time, and a notice must not say "0ms".
        var took = duration > TimeSpan.Zero ? duration : null;
        var ended = end ?? (begin is { } b && took is { } d && d < DateTimeOffset.MaxValue - b ? b + d : begin) ?? now;
        var started = begin is { } s && s <= ended && (end is not null || took is not null) ? s : (DateTimeOffset?)null;
        var details = status == RunStatus.Success ? null : Details(root, exception);
        return new RunReport
        {
            RunId = RunReport.FitRunId($"{NonEmpty(backupId) ?? job}@{(started ?? ended).ToUnixTimeMilliseconds()}"),
            ServerName = server.Trim(),
            JobName = job.Trim(),
            Status = status,
            Operation = operation,
            StartedAt = started,
            EndedAt = ended,
            SizeBytes = size,
            FileCount = fileCount,
            WarningCount = (int)Math.Min(warnings ?? 0, int.MaxValue),
            ErrorCount = (int)Math.Min(errors ?? 0, int.MaxValue),
            ErrorDetails = details,
            Source = "duplicati",
        };
    }

    /// <summary>
    /// Duplicati's default text format: "Duplicati Backup report for NAME (machine-id, backup-id, machine-name)"
    /// then "Key: Value" lines. Times read "11/22/2026 05:29:40 (1795325380)": the unix seconds are used.
    /// </summary>
    public static Parsed<RunReport> ParseText(string message, string? serverFromKey, string? jobFromKey, DateTimeOffset now)
    {
        var lines = message.Replace("\r\n", "\n").Split('\n');
        var header = HeaderPattern().Match(lines.FirstOrDefault() ?? "");
        if (!header.Success)
            return IngestProblem.BadField("message", "This text is not a Duplicati report. " + JsonAdvice);
        var values = lines.Skip(1)
            .Select(line => line.Split(": ", 2))
            .Where(parts => parts.Length == 2 && !parts[0].StartsWith(' '))
            .GroupBy(parts => parts[0].Trim())
            .ToDictionary(g => g.Key, g => g.First()[1].Trim());
        var (name, machineId, backupId, machineName) = (header.Groups["name"].Value, header.Groups["mid"].Value.Trim(), header.Groups["bid"].Value.Trim(), header.Groups["mname"].Value.Trim());
        long? Number(string key) => values.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        DateTimeOffset? Unix(string key) => values.TryGetValue(key, out var v) && UnixPattern().Match(v) is { Success: true } m
            && long.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

        if (!values.TryGetValue("ParsedResult", out var parsedResult) || ParseStatus(parsedResult, Number("WarningsActualLength")) is not { } status)
            return IngestProblem.BadField("message", "The text report has no ParsedResult line. " + JsonAdvice);
        var server = serverFromKey ?? NonEmpty(machineName) ?? NonEmpty(machineId);
        if (server is null) return IngestProblem.BadField("message", "The text report names no machine: use an ingest key created for this server. " + JsonAdvice);
        var job = jobFromKey ?? NonEmpty(name);
        if (job is null) return IngestProblem.BadField("message", "The text report names no backup. " + JsonAdvice);
        if (JobKey.Check(server, job) is { } tooLong) return IngestProblem.BadField("message", tooLong.Message);
        var begin = Unix("BeginTime");
        var ended = Unix("EndTime") ?? begin ?? now;
        if (JsonFields.FutureProblem(begin is { } started && started > ended ? started : ended, "message", now) is { } future) return future;
        var operation = ParseOperation(values.GetValueOrDefault("MainOperation"));
        return new RunReport
        {
            RunId = RunReport.FitRunId($"{NonEmpty(backupId) ?? job}@{(begin ?? ended).ToUnixTimeMilliseconds()}"),
            ServerName = server.Trim(),
            JobName = job.Trim(),
            Status = status,
            Operation = operation,
            StartedAt = begin is { } b && b <= ended ? b : null,
            EndedAt = ended,
            SizeBytes = Number("SizeOfExaminedFiles"),
            FileCount = Number("ExaminedFiles"),
            WarningCount = (int)(Number("WarningsActualLength") ?? 0),
            ErrorCount = (int)(Number("ErrorsActualLength") ?? 0),
            ErrorDetails = status == RunStatus.Success ? null : TextDetails(lines),
            Source = "duplicati",
        };
    }

    /// <summary>
    /// What went wrong, as <see cref="Details"/> says it for a JSON report: the first lines of the
    /// errors, then the warnings, then the other log lines that are not Information, at most five.
    /// The text format lists them in blocks ("LimitedErrors: [", one entry per timestamped line, "]");
    /// the rest of the report (its counters) is for the run's fields, not the notice.
    /// </summary>
    private static string? TextDetails(string[] lines)
    {
        return Summary(null, Block(lines, "LimitedErrors").Concat(Block(lines, "LimitedWarnings")).Concat(Block(lines, "LimitedMessages")));
    }

    /// <summary>The first line of each entry of a "Name: [" … "]" block, without the comma that separates them.</summary>
    private static IEnumerable<string> Block(string[] lines, string name)
    {
        var start = Array.FindIndex(lines, line => line.StartsWith(name + ": [", StringComparison.Ordinal));
        if (start < 0 || lines[start].TrimEnd().EndsWith("[]", StringComparison.Ordinal)) yield break;
        for (var i = start + 1; i < lines.Length && lines[i].TrimEnd() != "]"; i++)
        {
            // An entry begins with its time ("    2026-11-22 05:29:40 +00 - [Error-…]: …"); a line that does not is the one before's continuing (a stack trace).
            if (EntryStart().IsMatch(lines[i])) yield return lines[i].Trim().TrimEnd(',');
        }
    }

    [GeneratedRegex(@"^\s+\d{4}-\d{2}-\d{2} ")]
    private static partial Regex EntryStart();

    [GeneratedRegex(@"^Duplicati \w+ report for (?<name>.*) \((?<mid>[^,]*),(?<bid>[^,]*),(?<mname>[^)]*)\)\s*$")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"\((\d+)\)\s*$")]
    private static partial Regex UnixPattern();

    /// <summary>Success with warnings is a Warning; Error and Fatal are failures.</summary>
    private static RunStatus? ParseStatus(string text, long? warnings) => text.Trim().ToLowerInvariant() switch
    {
        "success" => warnings > 0 ? RunStatus.Warning : RunStatus.Success,
        "warning" => RunStatus.Warning,
        "error" or "fatal" => RunStatus.Failure,
        "unknown" => RunStatus.Warning,
        _ => null,
    };

    private static RunOperation ParseOperation(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "restore" => RunOperation.Restore,
        null or "" or "backup" => RunOperation.Backup,
        _ => RunOperation.Other,
    };

    /// <summary>The size of the backup at the destination when known, else the size of what was examined.</summary>
    private static long? BackupSize(JsonElement data, RunOperation operation, List<IngestProblem> problems)
    {
        if (operation == RunOperation.Restore) return JsonFields.Long(data, "SizeOfRestoredFiles", "Data.SizeOfRestoredFiles", problems);
        if (data.TryGetProperty("BackendStatistics", out var backend) && backend.ValueKind == JsonValueKind.Object
            && JsonFields.Long(backend, "KnownFileSize", "Data.BackendStatistics.KnownFileSize", problems) is > 0 and var known)
            return known;
        return JsonFields.Long(data, "SizeOfExaminedFiles", "Data.SizeOfExaminedFiles", problems);
    }

    /// <summary>The exception, then the warning and error lines (real Duplicati: LogLines; duplistatus: Data.Errors and Data.Warnings).</summary>
    private static string? Details(JsonElement root, string? exception)
    {
        var data = root.TryGetProperty("Data", out var d) ? d : default;
        return Summary(exception, Lines(root, "LogLines").Concat(Lines(data, "Errors")).Concat(Lines(data, "Warnings")));
    }

    /// <summary>
    /// What went wrong, in both formats: the exception's first line, then the first line of each of
    /// the report's lines that is not Information, at most five.
    /// </summary>
    private static string? Summary(string? exception, IEnumerable<string> lines)
    {
        var said = lines.Where(line => !line.Contains("[Information-", StringComparison.Ordinal)).Take(5).Select(FirstLine);
        if (!string.IsNullOrWhiteSpace(exception)) said = said.Prepend(FirstLine(exception));
        var all = said.ToList();
        return all.Count == 0 ? null : Bound(string.Join("\n", all).Trim(), RunReport.MaxTextLength);
    }

    private static IEnumerable<string> Lines(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)
            : [];

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>9999-12-31 23:59:59 UTC, the last time a DateTimeOffset holds.</summary>
    private const long MaxUnixSeconds = 253_402_300_799;

    private static string Bound(string text, int max) => StoredText.Cut(text, max);
}
