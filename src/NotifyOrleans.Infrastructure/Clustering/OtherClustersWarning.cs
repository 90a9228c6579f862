using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans.Configuration;
using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Clustering;

/// <summary>
/// Says at start that the database holds live nodes of another cluster id: a node given the
/// wrong <c>Orleans:ClusterId</c> started without a word and ran a second cluster on the same
/// tables, each running every job's grain and the once-per-cluster work (backups, sweeps). Nodes of
/// another id that stopped answering ten minutes ago and more are old history, not news.
/// </summary>
public sealed class OtherClustersWarning(IDbContextFactory<AppDbContext> contexts, IOptions<ClusterOptions> cluster, TimeProvider time,
    ILogger<OtherClustersWarning> logger) : IHostedService
{
    private static readonly TimeSpan Recently = TimeSpan.FromMinutes(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (ours, active, since) = (cluster.Value.ClusterId, (int)SiloStatus.Active, time.GetUtcNow() - Recently);
        var others = await db.ClusterMembers.Where(m => m.ClusterId != ours && m.Status == active && m.IAmAliveTime > since)
            .Select(m => m.ClusterId).Distinct().ToListAsync(cancellationToken);
        if (others.Count > 0)
            logger.LogWarning("This database has live nodes of another cluster ({Others}) beside this one ({ClusterId}): each cluster runs every job a second time. " +
                "Give every node the same Orleans:ClusterId (README, \"Running a cluster\").", string.Join(", ", others), ours);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
