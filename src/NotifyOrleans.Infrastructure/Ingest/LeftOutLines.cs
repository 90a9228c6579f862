using System.Text.Json;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>
/// The lines of a ping's body that are not kept, counted as <see cref="BackupToolOutput"/> counts
/// a tool's problems: a restic log of 12,000 unreadable files is longer than a report may be, and
/// its notice must still say 12,000 warnings, not those in its last megabyte. Fed the left-out
/// bytes in order, as they leave the part kept.
/// </summary>
public sealed class LeftOutLines
{
    // restic's and borg's lines are far shorter; a longer one is counted as a line of text, unread.
    private const int LongestLineRead = 64 * 1024;

    private readonly MemoryStream _line = new();
    private bool _lineTooLong;

    /// <summary>The tool's error and warning lines in JSON (restic's errors, borg's <c>--log-json</c> warnings).</summary>
    public int JsonProblems { get; private set; }

    /// <summary>Lines of plain text that are not blank.</summary>
    public int TextLines { get; private set; }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var end = bytes.IndexOf((byte)'\n');
            Append(end < 0 ? bytes : bytes[..end]);
            if (end < 0) return;
            CountLine();
            bytes = bytes[(end + 1)..];
        }
    }

    /// <summary>The last line left out, when the kept part begins at a line's start.</summary>
    public void End()
    {
        if (_line.Length > 0 || _lineTooLong) CountLine();
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (_lineTooLong || _line.Length + part.Length > LongestLineRead) _lineTooLong = true;
        else _line.Write(part);
    }

    private void CountLine()
    {
        var line = _line.GetBuffer().AsSpan(0, (int)_line.Length);
        if (_lineTooLong) TextLines++;
        else if (line.TrimStart(" \t\r"u8) is [(byte)'{', ..] json && Parsed(json) is { } problem) JsonProblems += problem ? 1 : 0;
        else if (!line.Trim(" \t\r"u8).IsEmpty) TextLines++;
        _line.SetLength(0);
        _lineTooLong = false;
    }

    /// <summary>Whether a line of JSON is one of the tool's problems; null when it is not JSON.</summary>
    private static bool? Parsed(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            return BackupToolOutput.IsProblem(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
