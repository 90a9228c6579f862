using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>A job's run history in the given unit of work (backups via the grain, restores directly).</summary>
public readonly struct JobSideEffectsHistory(AppDbContext db)
{
    /// <summary>Whether the run is already in the history: a repeat, however old (within the history kept, <c>Retention:RunHistory</c>).</summary>
    public Task<bool> ContainsAsync(string jobKey, string runId, CancellationToken cancellationToken) =>
        db.BackupRuns.AnyAsync(r => r.JobKey == jobKey && r.RunId == runId, cancellationToken);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Who was told of a run and why, as stored with it; empty for runs recorded before it was kept.</summary>
    public static IReadOnlyList<RouteEntry> ReadRoute(string? routeJson) =>
        routeJson is { } json ? JsonSerializer.Deserialize<List<RouteEntry>>(json, Json) ?? [] : [];

    public static string? WriteRoute(IReadOnlyList<RouteEntry>? route) => route is { Count: > 0 } ? JsonSerializer.Serialize(route, Json) : null;

    /// <summary>Stages a history row for the run, with who was told of it and why.</summary>
    public void Add(string jobKey, RunReport report, DateTimeOffset receivedAt, IReadOnlyList<RouteEntry>? route = null) => db.BackupRuns.Add(new BackupRun
    {
        JobKey = jobKey,
        RunId = report.RunId,
        Operation = report.Operation,
        Status = report.Status,
        StartedAt = report.StartedAt,
        EndedAt = report.EndedAt,
        DurationMs = report.Duration is { } d ? (long)d.TotalMilliseconds : null,
        SizeBytes = report.SizeBytes,
        FileCount = report.FileCount,
        WarningCount = report.WarningCount,
        ErrorCount = report.ErrorCount,
        ErrorDetails = report.ErrorDetails,
        Message = report.Message,
        Source = report.Source,
        ReceivedAt = receivedAt,
        RouteJson = WriteRoute(route),
    });
}
