using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans.Runtime;
using Prometheus;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// <c>/metrics</c> for Prometheus (prometheus-net): each job's last result, whether it is overdue,
/// its last run's time, duration and size, each channel's health, the notifications waiting and the
/// age of the oldest, and the cluster's nodes.
/// Read from the database at each scrape, so every node of a cluster answers the same, and
/// alerting rules and Grafana work on what the console shows. For an API token, like the API.
/// docs/api.md lists the series.
/// </summary>
public static class PrometheusMetrics
{
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services) => services.AddSingleton<JobMetrics>();

    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMetrics("/metrics", endpoints.ServiceProvider.GetRequiredService<JobMetrics>().Registry)
            .RequireAuthorization(ApiAuthentication.Read);
}

/// <summary>
/// The series, in a registry of the app's own: prometheus-net's default registry would add the
/// process's own meters (Orleans records many per message), and one process may host several apps (the tests).
/// </summary>
public sealed class JobMetrics
{
    /// <summary>Not "job": Prometheus gives every series the scrape's own <c>job</c> label and would rename ours to <c>exported_job</c>.</summary>
    private static readonly string[] JobLabels = ["server", "backup"];

    private readonly IServiceScopeFactory _scopes;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private HashSet<(string, string)> _jobsShown = [], _channelsShown = [];
    private readonly Gauge _status, _up, _overdue, _acknowledged, _paused, _lastRun, _lastSuccess, _duration, _size, _files, _jobs, _channelHealthy, _waiting, _oldestWaiting, _nodes;
    private readonly IClusterMembershipService _membership;
    private readonly TimeProvider _time;

    public JobMetrics(IServiceScopeFactory scopes, IClusterMembershipService membership, TimeProvider time)
    {
        _scopes = scopes;
        _membership = membership;
        _time = time;
        Registry = Metrics.NewCustomRegistry();
        var metrics = Metrics.WithCustomRegistry(Registry);
        _status = metrics.CreateGauge("notifyorleans_job_status", "The job's last result: 0 none yet, 1 success, 2 warning, 3 failure.", JobLabels);
        _up = metrics.CreateGauge("notifyorleans_job_up",
            "1 when the job has no open incident, else 0: it is failing (a run with warnings counts when the job counts warnings as failures) or overdue.", JobLabels);
        _overdue = metrics.CreateGauge("notifyorleans_job_overdue", "1 while the job has missed its schedule, else 0.", JobLabels);
        _acknowledged = metrics.CreateGauge("notifyorleans_job_acknowledged", "1 when somebody acknowledged the job's open incident, else 0.", JobLabels);
        _paused = metrics.CreateGauge("notifyorleans_job_paused", "1 while the job's monitoring is paused (no Overdue notices, repeats or escalation), else 0.", JobLabels);
        _lastRun = metrics.CreateGauge("notifyorleans_job_last_run_timestamp_seconds", "When the job's last run ended (Unix time).", JobLabels);
        _lastSuccess = metrics.CreateGauge("notifyorleans_job_last_success_timestamp_seconds",
            "When the job's newest run that made its backup ended, a success or one with warnings (Unix time).", JobLabels);
        _duration = metrics.CreateGauge("notifyorleans_job_last_duration_seconds", "How long the job's last run took.", JobLabels);
        _size = metrics.CreateGauge("notifyorleans_job_last_size_bytes", "The size the job's last run reported.", JobLabels);
        _files = metrics.CreateGauge("notifyorleans_job_last_files", "The number of files the job's last run reported.", JobLabels);
        _jobs = metrics.CreateGauge("notifyorleans_jobs", "Jobs by their last result (none, success, warning, failure), overdue, and paused.", ["status"]);
        _channelHealthy = metrics.CreateGauge("notifyorleans_channel_up",
            "1 when the channel is enabled and delivering, 0 when it is disabled, failed or not answering.", ["channel", "kind"]);
        _waiting = metrics.CreateGauge("notifyorleans_notifications_waiting", "Notifications not yet delivered: due or retrying (pending), or held for quiet hours.", ["status"]);
        _oldestWaiting = metrics.CreateGauge("notifyorleans_notifications_oldest_pending_seconds",
            "How long the oldest notification not yet delivered (pending, not held) has waited; 0 when none waits.");
        _nodes = metrics.CreateGauge("notifyorleans_cluster_nodes",
            "The cluster's nodes by status as its membership has them: active, joining, shutting_down, stopping, dead (voted out or shut down, kept for a while).", ["status"]);
        // Held weakly: prometheus-net keeps the callbacks in a ConcurrentBag, whose per-thread queue stays
        // reachable from the thread that added it for as long as that thread lives. A callback holding
        // this object tied the whole app (its silo, its service provider) to a thread-pool thread, so a
        // process that hosts one app after another (the tests) kept every one of them.
        var self = new WeakReference<JobMetrics>(this);
        Registry.AddBeforeCollectCallback(cancellationToken =>
            self.TryGetTarget(out var metrics) ? metrics.RefreshAsync(cancellationToken) : Task.CompletedTask);
    }

    public CollectorRegistry Registry { get; }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            await ReadAsync(cancellationToken);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        using var scope = _scopes.CreateScope();
        var jobs = await scope.ServiceProvider.GetRequiredService<JobQueries>().FiguresAsync(cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var channels = await db.Channels.AsNoTracking().Select(c => new { c.Name, c.Kind, c.Enabled, c.IsHealthy, c.ConsecutiveFailures }).ToListAsync(cancellationToken);
        // Each counted through its own partial index (OutboxMessageConfiguration): a held row always names its person.
        var pending = await db.Outbox.CountAsync(r => r.Status == OutboxStatus.Pending, cancellationToken);
        var held = await db.Outbox.CountAsync(r => r.HeldFor != null && r.Status == OutboxStatus.Held, cancellationToken);
        var oldestWaiting = await db.Outbox.Where(r => r.Status == OutboxStatus.Pending).OrderBy(r => r.Id).Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefaultAsync(cancellationToken);

        foreach (var job in jobs)
        {
            string[] labels = [job.ServerName, job.JobName];
            var overdue = job.OverdueSince is not null;
            _status.WithLabels(labels).Set((int)job.Status);
            _up.WithLabels(labels).Set(job.FailingSince is null && !overdue ? 1 : 0);
            _overdue.WithLabels(labels).Set(overdue ? 1 : 0);
            _acknowledged.WithLabels(labels).Set(job.AcknowledgedAt is not null ? 1 : 0);
            _paused.WithLabels(labels).Set(job.PausedAt is not null ? 1 : 0);
            // The figures as the job's row has them (a failed run keeps the size and count before it, not its
            // duration): one the row does not have is no series, rather than a value left from an earlier scrape.
            SetOrRemove(_lastRun, labels, job.LastRunAt?.ToUnixTimeMilliseconds() / 1000.0);
            SetOrRemove(_lastSuccess, labels, job.LastSuccessAt?.ToUnixTimeMilliseconds() / 1000.0);
            SetOrRemove(_duration, labels, job.LastDurationMs / 1000.0);
            SetOrRemove(_size, labels, job.LastSizeBytes);
            SetOrRemove(_files, labels, job.LastFileCount);
        }

        // A job or channel gone since the last scrape must not linger with its last values.
        _jobsShown = Forget(_jobsShown, jobs.Select(j => (j.ServerName, j.JobName)), _status, _up, _overdue, _acknowledged, _paused, _lastRun, _lastSuccess, _duration, _size, _files);
        _channelsShown = Forget(_channelsShown, channels.Select(c => (c.Name, c.Kind.ToString().ToLowerInvariant())), _channelHealthy);

        foreach (var (status, name) in new[] { (RunStatus.Unknown, "none"), (RunStatus.Success, "success"), (RunStatus.Warning, "warning"), (RunStatus.Failure, "failure") })
            _jobs.WithLabels(name).Set(jobs.Count(j => j.Status == status));
        _jobs.WithLabels("overdue").Set(jobs.Count(j => j.OverdueSince is not null));
        _jobs.WithLabels("paused").Set(jobs.Count(j => j.PausedAt is not null));

        foreach (var channel in channels)
            _channelHealthy.WithLabels(channel.Name, channel.Kind.ToString().ToLowerInvariant())
                .Set(channel.Enabled && channel.IsHealthy && channel.ConsecutiveFailures < Infrastructure.Channels.Channel.FailuresBeforeFlagged ? 1 : 0);
        _waiting.WithLabels("pending").Set(pending);
        _waiting.WithLabels("held").Set(held);
        _oldestWaiting.Set(oldestWaiting is { } since ? Math.Max(0, (_time.GetUtcNow() - since).TotalSeconds) : 0);

        // This node's view of the membership, which every node shares within seconds.
        var members = _membership.CurrentSnapshot.Members.Values;
        foreach (var (status, name) in new[] { (SiloStatus.Active, "active"), (SiloStatus.Joining, "joining"), (SiloStatus.ShuttingDown, "shutting_down"), (SiloStatus.Stopping, "stopping"), (SiloStatus.Dead, "dead") })
            _nodes.WithLabels(name).Set(members.Count(m => m.Status == status));
    }

    private static void SetOrRemove(Gauge gauge, string[] labels, double? value)
    {
        if (value is { } set) gauge.WithLabels(labels).Set(set);
        else gauge.RemoveLabelled(labels);
    }

    /// <summary>Removes the series of the label pairs shown before and not now; returns those shown now.</summary>
    private static HashSet<(string, string)> Forget(HashSet<(string, string)> before, IEnumerable<(string, string)> now, params Gauge[] gauges)
    {
        var shown = now.ToHashSet();
        foreach (var (first, second) in before.Where(labels => !shown.Contains(labels)))
        {
            foreach (var gauge in gauges) gauge.RemoveLabelled(first, second);
        }

        return shown;
    }
}
