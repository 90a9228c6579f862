using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Clustering;

/// <summary>
/// Tells the admins, as a System Error, when a node of the cluster was voted out: it crashed, hung
/// or lost its network. The log said it only as Orleans' own errors, in hundreds of lines of
/// stack traces about messages it could not deliver, and no one was told. A node that left (shut
/// down, an upgrade) is not lost: it declares itself dead, and its membership row holds its own
/// address alone; one voted out holds the others' suspicions. One survivor reports it (the one
/// with the lowest address), not every one.
/// </summary>
public sealed class NodeLossReporter(IClusterMembershipService membership, IMembershipTable table, ILocalSiloDetails self, FaultReporter faults,
    ILogger<NodeLossReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var previous = membership.CurrentSnapshot; // those dead before this node started are not news
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                foreach (var lost in snapshot.CreateUpdate(previous).Changes.Where(m => m.Status == SiloStatus.Dead && previous.GetSiloStatus(m.SiloAddress) != SiloStatus.Dead))
                    if (Reporter(snapshot) is { } reporter && reporter.Equals(self.SiloAddress) && await WasVotedOutAsync(lost.SiloAddress))
                        await ReportAsync(lost, stoppingToken);
                previous = snapshot;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static SiloAddress? Reporter(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order().FirstOrDefault();

    private async Task<bool> WasVotedOutAsync(SiloAddress silo)
    {
        var row = (await table.ReadRowAsync(silo)).Members.FirstOrDefault();
        return row?.Item1.SuspectTimes?.Any(suspicion => !suspicion.Item1.Equals(silo)) == true;
    }

    private async Task ReportAsync(ClusterMember lost, CancellationToken cancellationToken)
    {
        var text = $"Cluster node {lost.Name} ({lost.SiloAddress.Endpoint}) stopped answering and the other nodes voted it out: it crashed, hung, or lost its network. " +
            "Its jobs moved to the other nodes, and what it had accepted is kept. Restart it (a node that wakes to find itself voted out stops), and look at its machine and its log.";
        logger.LogWarning("{Text}", text);
        await faults.RecordSystemErrorAsync($"node-lost:{lost.SiloAddress.Endpoint}", text, cancellationToken);
    }
}
