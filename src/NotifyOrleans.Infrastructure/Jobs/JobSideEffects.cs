using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// Stages a job turn's history row and outbox rows in the turn's own DbContext (the grain's
/// scope), so they commit in the same transaction as the job's state.
/// </summary>
public sealed class JobSideEffects(AppDbContext db, NotificationOutbox outbox, TemplateRenderer templates, JobDefaults defaults) : IJobSideEffects
{
    public void AddRunToHistory(string jobKey, RunReport report, DateTimeOffset receivedAt) =>
        new JobSideEffectsHistory(db).Add(jobKey, report, receivedAt);

    public Task<bool> IsInHistoryAsync(string jobKey, string runId, CancellationToken cancellationToken) =>
        db.BackupRuns.AnyAsync(r => r.JobKey == jobKey && r.RunId == runId, cancellationToken);

    public async Task NotifyAsync(string jobKey, JobNotification notification, string dedupKey, CancellationToken cancellationToken)
    {
        var run = notification.Run;
        var message = templates.Render(notification.EventType, new NotificationContext
        {
            ServerName = run.ServerName,
            BackupName = run.JobName,
            Status = run.Status.ToString(),
            Timestamp = run.EndedAt,
            Duration = run.Duration,
            SizeBytes = run.SizeBytes,
            FileCount = run.FileCount,
            WarningCount = run.WarningCount,
            ErrorCount = run.ErrorCount,
            ErrorDetails = run.ErrorDetails,
            LastRun = run.EndedAt,
            ReportedLate = notification.ReportedLate,
        });
        foreach (var channel in notification.ChannelIds)
            await outbox.EnqueueAsync(message, channel, dedupKey, jobKey: jobKey, cancellationToken: cancellationToken);
    }

    public Task<IReadOnlyList<ChannelAssignment>> DefaultAssignmentsAsync(CancellationToken cancellationToken) => defaults.GetAsync(cancellationToken);
}
