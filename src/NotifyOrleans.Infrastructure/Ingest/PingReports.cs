using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>What a ping's route says: success, failure, or a command's exit code.</summary>
public readonly record struct PingSignal(RunStatus? Status, int? ExitCode)
{
    public static PingSignal Success { get; } = new(RunStatus.Success, null);
    public static PingSignal Failure { get; } = new(RunStatus.Failure, null);
    public static PingSignal Exit(int code) => new(null, code);
}

/// <summary>
/// A Healthchecks-style ping as a run. Its body is the run's log; when the body is restic's or
/// borg's JSON output (<see cref="BackupToolOutput"/>), the run also gets the tool's figures, its
/// snapshot or archive id as the run id, and the tool's own meaning of the exit code.
/// </summary>
public static class PingReports
{
    /// <param name="keptLength">How much of the log is kept (<c>Ingest:MaxPingLogBytes</c>); the tool's output is read whole.</param>
    /// <param name="leftOut">The body was longer than any report: its beginning, not in <paramref name="body"/>, counted.</param>
    public static RunReport Build(string server, string job, PingSignal signal, string? body, string? runId, DateTimeOffset now,
        int keptLength = RunReport.MaxTextLength, LeftOutLines? leftOut = null)
    {
        var output = BackupToolOutput.Read(body ?? "", leftOut);
        var bodyCut = leftOut is not null;
        var toolRun = output.Run;
        var (status, note) = signal.ExitCode is { } code ? Judge(code, output.Tool) : (signal.Status!.Value, null);
        var text = KeptLog(note, output.Text, keptLength, bodyCut);
        return new RunReport
        {
            // A run named by the caller, else by the tool's snapshot or archive: a ping sent again is a repeat.
            RunId = RunIdOf(runId)
                ?? (toolRun?.Id is { Length: > 0 } id ? RunReport.FitRunId($"{toolRun.Tool}:{id}")
                : $"ping:{Guid.NewGuid():N}"),
            ServerName = server,
            JobName = job,
            Status = status,
            EndedAt = now,
            StartedAt = toolRun?.Duration is { } duration ? now - duration : null,
            SizeBytes = toolRun?.SizeBytes,
            FileCount = toolRun?.FileCount,
            AddedFiles = toolRun?.AddedFiles,
            // The notice says "with N warnings": what the tool reported, at least the one its exit code says.
            WarningCount = status == RunStatus.Warning ? Math.Max(1, output.Problems) : 0,
            ErrorDetails = status == RunStatus.Success ? null
                : text.Length > 0 ? text
                : status == RunStatus.Failure ? BareFailure // said under the job's badge and in its notice
                : null,
            Message = text.Length == 0 ? null : text,
            Source = output.Tool ?? "ping",
        };
    }

    /// <summary>The reason of a failure pinged without a body (Healthchecks leaves it blank, which reads as "failed, who knows why").</summary>
    public const string BareFailure = "Reported as failed by a /fail ping, with no log. Send the script's output as the ping's body to see it here.";

    /// <summary>What is told above a log whose beginning is not kept.</summary>
    public const string BeginningLeftOut = "[… the log's beginning is left out; its end follows]";

    /// <summary>Above a body too long to read whole (its beginning was counted, not kept).</summary>
    public const string BodyLeftOut = "[… the log's beginning is left out (it was longer than a report may be); its end follows]";

    /// <summary>
    /// The exit code's meaning, then the log; a log too long keeps its end (where a script says what
    /// went wrong and a tool sums up), not its beginning, and says so.
    /// </summary>
    private static string KeptLog(string? note, string log, int keptLength, bool bodyCut)
    {
        var whole = string.Join("\n", new[] { note, log }.Where(t => !string.IsNullOrWhiteSpace(t)));
        if (whole.Length <= keptLength && !bodyCut) return whole;
        var head = string.Join("\n", new[] { note, bodyCut ? BodyLeftOut : BeginningLeftOut }.Where(t => t is not null)) + "\n";
        var room = Math.Max(0, keptLength - head.Length);
        return StoredText.Cut(head + log[ShortenedBody.EndStart(log, Math.Max(0, log.Length - room))..], keptLength);
    }

    private static (RunStatus, string) Judge(int code, string? tool)
    {
        var (status, meaning) = ToolExitCodes.Judge(tool, code);
        return (status, meaning is null ? $"Exit code {code}" : $"Exit code {code}: {meaning}");
    }

    /// <summary>The run id a ping's <c>?rid=</c> names (<c>rid:…</c>, as its start and its end both keep it); null without one.</summary>
    public static string? RunIdOf(string? rid) => rid is { Length: > 0 } ? RunReport.FitRunId(BackupJobTransitions.PingRunIdPrefix + rid) : null;
}
