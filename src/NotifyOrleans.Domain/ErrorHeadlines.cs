using System.Text.RegularExpressions;

namespace NotifyOrleans.Domain;

/// <summary>
/// The part of a run's error a reader needs first, for where there is room for one line (the job
/// list, a digest): its first line, without what comes before the words. A Duplicati failure
/// begins with the exception's type ("Duplicati.Library.Interface.UserInformationException: No
/// valid source folders found"), its warnings with the log line's time and tag ("2026-11-22
/// 05:27:54 +00 - [Warning-…-PathProcessingErrorMetadata]: Failed to process …"); cut at 30
/// characters, every failure read "Duplicati.Library.Interface.Us…".
/// </summary>
public static partial class ErrorHeadlines
{
    public static string Of(string error)
    {
        var line = error.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        line = LogLinePrefix().Replace(line, "", 1);
        line = ExceptionType().Replace(line, "", 1);
        return line.Length > 0 ? line : error.Trim();
    }

    /// <summary>"2026-11-22 05:27:54 +00 - [Warning-Duplicati…]: " (Duplicati's log lines), and the same without the time.</summary>
    [GeneratedRegex(@"^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?( ?[+-]\d\d(:?\d\d)?|Z)? - )?\[[^\]\s]+\]:\s*")]
    private static partial Regex LogLinePrefix();

    /// <summary>"Namespace.SomethingException: " (.NET), before the message it carries.</summary>
    [GeneratedRegex(@"^([A-Za-z_][\w]*\.)+[A-Za-z_]\w*(Exception|Error): ")]
    private static partial Regex ExceptionType();
}
