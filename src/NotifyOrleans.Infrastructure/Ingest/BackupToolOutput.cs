using System.Text;
using System.Text.Json;
using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>
/// A run as restic or borg told it in JSON, found in a ping's body: restic's summary line
/// (<c>restic backup --json</c>) or borg's document (<c>borg create --json</c>). Sizes, file counts
/// and the duration come from it, and the snapshot or archive id names the run (a ping sent again
/// is a repeat).
/// </summary>
/// <param name="Tool">"restic" or "borg".</param>
public sealed record ToolRun(string Tool, string? Id, long? SizeBytes, long? FileCount, long? AddedFiles, TimeSpan? Duration);

/// <summary>What restic's and borg's exit codes mean, as their manuals say (restic 0.17's <c>backup</c>, borg 1.2 and 1.4).</summary>
public static class ToolExitCodes
{
    /// <summary>
    /// restic's 3 is a snapshot made without some files it could not read, borg's 1 (and 100–127
    /// with <c>BORG_EXIT_CODES=modern</c>) an archive made with warnings: warnings, not failures,
    /// since the backup exists. The failures a tool names get their name in words. Any other code
    /// but 0 is a failure, as for any command.
    /// </summary>
    /// <param name="tool">"restic", "borg", or null when the body did not say which tool ran.</param>
    public static (RunStatus Status, string? Meaning) Judge(string? tool, int code) => (tool, code) switch
    {
        (_, 0) => (RunStatus.Success, null),
        ("restic", 1) => (RunStatus.Failure, "restic stopped with a fatal error; no snapshot was made"),
        ("restic", 3) => (RunStatus.Warning, "restic could not read some source files; the snapshot was made without them"),
        ("restic", 10) => (RunStatus.Failure, "the restic repository does not exist"),
        ("restic", 11) => (RunStatus.Failure, "the restic repository is locked"),
        ("restic", 12) => (RunStatus.Failure, "wrong restic password"),
        ("restic", 130) => (RunStatus.Failure, "restic was interrupted"),
        ("borg", 1 or >= 100 and <= 127) => (RunStatus.Warning, "borg finished with warnings; the archive was made"),
        ("borg", >= 2 and <= 99) => (RunStatus.Failure, "borg stopped with an error; no archive was made"),
        ("borg", > 128 and < 256) => (RunStatus.Failure, $"borg was killed by signal {code - 128}"),
        _ => (RunStatus.Failure, null),
    };
}

/// <summary>What a ping's body said, read as restic's or borg's output where it is that.</summary>
/// <param name="Tool">"restic" or "borg" when a line of the body is theirs in JSON (a failed run has no summary, but restic's
/// errors and borg's <c>--log-json</c> messages name their tool); null for any other body.</param>
/// <param name="Run">The run the tool described; null when the body holds no restic summary or borg document.</param>
/// <param name="Text">The body in words: restic's error lines and borg's <c>--log-json</c> messages one readable line
/// each, other lines as they were, the tool's figures left out (they are the run's fields).</param>
/// <param name="Problems">How many things the tool reported as going wrong: its error or warning lines in JSON if it
/// wrote any (restic's errors, borg's <c>--log-json</c> warnings), else its lines of text.</param>
public sealed record ToolOutput(string? Tool, ToolRun? Run, string Text, int Problems);

public static class BackupToolOutput
{
    /// <param name="leftOut">The lines of the body not in <paramref name="text"/> (it was too long to keep whole), counted already.</param>
    public static ToolOutput Read(string text, LeftOutLines? leftOut = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        ToolRun? run = null;
        string? tool = null;
        var lines = new List<string>();
        var (jsonProblems, textLines) = (0, 0);
        var at = 0;
        while (at < bytes.Length)
        {
            var lineEnd = Array.IndexOf(bytes, (byte)'\n', at) is var n and >= 0 ? n : bytes.Length;
            var next = lineEnd + 1;
            if (bytes[at] == (byte)'{' && ParseObjectAt(bytes, at) is var (document, length))
            {
                using (document)
                {
                    var root = document.RootElement;
                    tool ??= ToolOf(root);
                    if (run is null && Describe(root) is { } described) run = described;
                    else if (Readable(root) is { } line)
                    {
                        lines.Add(line);
                        if (IsProblem(root)) jsonProblems++;
                    }
                }

                // A document over several lines (borg's) is read as one; what follows it on its last line is not lost.
                var end = at + length;
                if (end > lineEnd) lineEnd = Array.IndexOf(bytes, (byte)'\n', end) is var m and >= 0 ? m : bytes.Length;
                next = lineEnd + 1;
                var rest = Encoding.UTF8.GetString(bytes, end, lineEnd - end).Trim();
                if (rest.Length > 0) lines.Add(rest);
            }
            else
            {
                var line = Encoding.UTF8.GetString(bytes, at, lineEnd - at).TrimEnd('\r');
                lines.Add(line);
                if (line.Trim().Length > 0) textLines++;
            }

            at = next;
        }

        (jsonProblems, textLines) = (jsonProblems + (leftOut?.JsonProblems ?? 0), textLines + (leftOut?.TextLines ?? 0));
        return new ToolOutput(run?.Tool ?? tool, run, string.Join("\n", lines).Trim(), jsonProblems > 0 ? jsonProblems : textLines);
    }

    /// <summary>restic's JSON lines all have a <c>message_type</c>; borg's <c>--log-json</c> lines come from its loggers, "borg.…".</summary>
    private static string? ToolOf(JsonElement root) =>
        Text(root, "message_type") is "status" or "summary" or "error" or "exit_error" or "verbose_status" ? "restic"
        : Text(root, "type") == "log_message" && Text(root, "name") is { } logger && logger.StartsWith("borg", StringComparison.Ordinal) ? "borg"
        : null;

    internal static bool IsProblem(JsonElement root) =>
        Text(root, "message_type") is "error" or "exit_error" || Text(root, "levelname") is "WARNING" or "ERROR" or "CRITICAL";

    /// <summary>The run, when the object is restic's summary or borg's document.</summary>
    private static ToolRun? Describe(JsonElement root) =>
        Text(root, "message_type") == "summary" ? Restic(root)
        : Child(root, "archive") is { } archive && Child(archive, "stats") is { } stats ? Borg(archive, stats)
        : null;

    /// <summary>One of the tool's other lines in words; null for restic's progress.</summary>
    private static string? Readable(JsonElement root) => (Text(root, "message_type"), Text(root, "type")) switch
    {
        ("error", _) => ResticError(root),
        ("exit_error", _) => Text(root, "message"), // restic 0.17 and later, on a fatal error
        ("status" or "summary" or "verbose_status", _) => null,
        (_, "log_message") => $"{Text(root, "levelname")}: {Text(root, "message")}",
        _ => root.GetRawText(),
    };

    private static string ResticError(JsonElement root)
    {
        var item = Text(root, "item") ?? "(unknown item)";
        var error = Child(root, "error");
        var operation = error is { } e ? Text(e, "Op") : null;
        var errno = error is { } f && f.TryGetProperty("Err", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var number) ? $": {ErrnoText(number)}" : "";
        return operation is null
            ? $"Could not read {item} (during {Text(root, "during") ?? "the backup"}{errno})"
            : $"Could not {operation} {item}{errno}";
    }

    /// <summary>restic names the system's error by number; the common ones (the same on Linux and macOS) in words.</summary>
    private static string ErrnoText(int errno) => errno switch
    {
        1 => "operation not permitted",
        2 => "no such file or directory",
        5 => "input/output error",
        13 => "permission denied",
        _ => $"errno {errno}",
    };

    private static ToolRun Restic(JsonElement summary) => new(
        "restic",
        Text(summary, "snapshot_id"),
        Number(summary, "total_bytes_processed"),
        Number(summary, "total_files_processed"),
        Number(summary, "files_new"),
        Seconds(summary, "total_duration"));

    private static ToolRun Borg(JsonElement archive, JsonElement stats) => new(
        "borg",
        Text(archive, "id"),
        Number(stats, "original_size"),
        Number(stats, "nfiles"),
        null, // borg counts files, not new ones
        Seconds(archive, "duration"));

    /// <summary>The JSON object that starts at <paramref name="start"/> and its length in bytes, whatever follows it; null if none does.</summary>
    private static (JsonDocument Document, int Length)? ParseObjectAt(byte[] bytes, int start)
    {
        var reader = new Utf8JsonReader(bytes.AsSpan(start), new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (JsonDocument.TryParseValue(ref reader, out var document) && document.RootElement.ValueKind == JsonValueKind.Object)
                return (document, (int)reader.BytesConsumed);
            document?.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0 ? number : null;

    private static TimeSpan? Seconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
            && seconds is >= 0 and < 366 * 86_400
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
