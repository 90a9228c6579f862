using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// Stages a job turn's history row and outbox rows in the turn's own DbContext, so they commit
/// in the same transaction as the job's state. One per turn (<see cref="JobSideEffectsFactory"/>).
/// </summary>
public sealed class JobSideEffects(AppDbContext db, NotificationOutbox outbox, TemplateRenderer templates, JobDefaults defaults)
{
    public void AddRunToHistory(string jobKey, RunReport report, DateTimeOffset receivedAt) =>
        new JobSideEffectsHistory(db).Add(jobKey, report, receivedAt);

    public Task<bool> IsInHistoryAsync(string jobKey, string runId, CancellationToken cancellationToken) =>
        new JobSideEffectsHistory(db).ContainsAsync(jobKey, runId, cancellationToken);

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
            ExpectedAt = notification.ExpectedAt,
        });
        foreach (var channel in notification.ChannelIds)
            await outbox.EnqueueAsync(message, channel, dedupKey, jobKey: jobKey, cancellationToken: cancellationToken);
    }

    public Task<IReadOnlyList<ChannelAssignment>> DefaultAssignmentsAsync(CancellationToken cancellationToken) => defaults.GetAsync(cancellationToken);
}

/// <summary>Makes the side effects of one grain turn over the turn's own DbContext.</summary>
public sealed class JobSideEffectsFactory(TemplateRenderer templates, TimeProvider time, IOptions<DeliveryOptions> delivery, OutboxSignal signal)
{
    public JobSideEffects Create(AppDbContext db) =>
        new(db, new NotificationOutbox(db, time, delivery, signal), templates, new JobDefaults(db, time));
}
