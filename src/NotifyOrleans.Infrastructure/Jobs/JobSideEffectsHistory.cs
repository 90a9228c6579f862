using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>Stages a history row for a run in the given unit of work (backups via the grain, restores directly).</summary>
public readonly struct JobSideEffectsHistory(AppDbContext db)
{
    public void Add(string jobKey, RunReport report, DateTimeOffset receivedAt) => db.BackupRuns.Add(new BackupRun
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
    });
}
