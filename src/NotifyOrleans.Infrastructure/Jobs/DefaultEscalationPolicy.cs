using NotifyOrleans.Domain.Grains.BackupJobs;
using Orleans;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// Sets the escalation policy of every job that has none of its own, and tells those with an open
/// incident: each grain keeps its next wake-up by the policy it last read, so a step added for
/// incidents already open (after 1 h, page the boss) would otherwise wait for something else to
/// wake the job, perhaps its next run, which ends the incident.
/// </summary>
public sealed class DefaultEscalationPolicy(JobDefaults defaults, JobQueries queries, IGrainFactory grains)
{
    public async Task SetAsync(IReadOnlyList<EscalationStep> policy, CancellationToken cancellationToken)
    {
        await defaults.SetEscalationAsync(policy, cancellationToken);
        var keys = await queries.KeysOfOpenIncidentsOnTheDefaultPolicyAsync(cancellationToken);
        await Task.WhenAll(keys.Select(key => grains.GetGrain<IBackupJobGrain>(key).FollowDefaultPolicyAsync(cancellationToken)));
    }
}
