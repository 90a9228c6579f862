using System.Text.Json;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>
/// The generic runs API for any tool: <c>{"server", "job", "status": "success|warning|failure",
/// "startedAt", "endedAt", "sizeBytes", "fileCount", "message", "runId", "operation": "backup|restore"}</c>.
/// Without a runId, a run is identified by its end time (so a retried POST with the same
/// endedAt is recognised); without either, every POST is a new run.
/// The API is ours, so it is strict where leniency would hide a mistake: an unknown field (a typo
/// like "sizebytes") and names that differ from the key's are refused, not silently dropped.
/// </summary>
public static class GenericRunParser
{
    private static readonly string[] Fields = ["server", "job", "status", "operation", "startedAt", "endedAt", "sizeBytes", "fileCount", "message", "runId"];

    public static Parsed<RunReport> Parse(JsonElement root, string? serverFromKey, string? jobFromKey, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object) return IngestProblem.BadField("$", "The body must be a JSON object.");
        var seen = new HashSet<string>();
        foreach (var property in root.EnumerateObject())
        {
            if (!Fields.Contains(property.Name))
                return IngestProblem.BadField(property.Name, $"{property.Name} is not a field of a run. The fields are {string.Join(", ", Fields)}.");
            if (!seen.Add(property.Name)) return IngestProblem.BadField(property.Name, $"{property.Name} is given twice: which one counts?");
        }

        var problems = new List<IngestProblem>();
        var server = JsonFields.String(root, "server", "server", problems);
        var job = JsonFields.String(root, "job", "job", problems);
        var statusText = JsonFields.String(root, "status", "status", problems);
        var operationText = JsonFields.String(root, "operation", "operation", problems);
        var started = JsonFields.Time(root, "startedAt", "startedAt", problems, now, strict: true);
        var ended = JsonFields.Time(root, "endedAt", "endedAt", problems, now, strict: true);
        var size = JsonFields.Long(root, "sizeBytes", "sizeBytes", problems);
        var files = JsonFields.Long(root, "fileCount", "fileCount", problems);
        var message = JsonFields.String(root, "message", "message", problems);
        // A blank runId is none: "runId":"$RUN_ID" with the variable unset made every later run a "repeat" of the first.
        var runId = JsonFields.String(root, "runId", "runId", problems) is { } given && !string.IsNullOrWhiteSpace(given) ? given.Trim() : null;
        if (problems.Count > 0) return problems[0];
        if (OutsideKey("server", server, serverFromKey) is { } otherServer) return otherServer;
        if (OutsideKey("job", job, jobFromKey) is { } otherJob) return otherJob;

        server = serverFromKey ?? server?.Trim();
        job = jobFromKey ?? job?.Trim();
        if (string.IsNullOrEmpty(server)) return IngestProblem.BadField("server", "server is required: the name of the machine that ran the backup.");
        if (string.IsNullOrEmpty(job)) return IngestProblem.BadField("job", "job is required: the name of the backup.");
        if (JobKey.Check(server, job) is { } tooLong) return IngestProblem.BadField(tooLong.Field, tooLong.Message);
        RunStatus? status = statusText?.Trim().ToLowerInvariant() switch
        {
            "success" => RunStatus.Success,
            "warning" => RunStatus.Warning,
            "failure" or "failed" or "error" => RunStatus.Failure,
            _ => null,
        };
        if (status is null)
            return IngestProblem.BadField("status", string.IsNullOrWhiteSpace(statusText)
                ? "status is required: success, warning or failure."
                : $"status '{statusText}' is not one of success, warning or failure.");
        RunOperation? operation = operationText?.Trim().ToLowerInvariant() switch
        {
            null or "" or "backup" => RunOperation.Backup,
            "restore" => RunOperation.Restore,
            _ => null,
        };
        if (operation is null) return IngestProblem.BadField("operation", "operation is backup (the default) or restore.");
        if (runId is { Length: > 200 }) return IngestProblem.BadField("runId", "runId is at most 200 characters.");
        var end = ended ?? now;
        if (started is { } s && s > end) return IngestProblem.BadField("startedAt", "startedAt is after endedAt.");
        var text = message; // kept within its limit by RunReport.Bounded, which keeps a long log's end
        return new RunReport
        {
            RunId = RunReport.FitRunId(runId ?? (ended is { } e ? $"at:{e.ToUnixTimeMilliseconds()}" : $"api:{Guid.NewGuid():N}")),
            ServerName = server,
            JobName = job,
            Status = status.Value,
            Operation = operation.Value,
            StartedAt = started,
            EndedAt = end,
            SizeBytes = size,
            FileCount = files,
            ErrorDetails = status == RunStatus.Success ? null : text,
            Message = text,
            Source = "api",
        };
    }

    /// <summary>A key made for one server (or job) files its runs there: a body naming another is a mistake to report, not to overrule.</summary>
    private static IngestProblem? OutsideKey(string field, string? named, string? fromKey) =>
        fromKey is not null && !string.IsNullOrWhiteSpace(named) && !string.Equals(named.Trim(), fromKey.Trim(), StringComparison.OrdinalIgnoreCase)
            ? IngestProblem.OutsideKey(field, $"This key reports for the {field} “{fromKey}” only, and the body names “{named.Trim()}”. Leave {field} out, or use a key made for it.")
            : null;
}
