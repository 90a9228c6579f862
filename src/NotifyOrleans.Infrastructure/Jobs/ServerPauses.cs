using NotifyOrleans.Domain.Grains.BackupJobs;
using Orleans;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// Pauses or resumes the monitoring of every job of one server at once (the server is down for
/// maintenance): each job's grain is asked, as for a pause of that job alone, so each one's pause
/// ends by itself (its time, or its own next report).
/// </summary>
public sealed class ServerPauses(JobQueries queries, IGrainFactory grains)
{
    /// <returns>How many jobs were paused; 0 when the server has none.</returns>
    public async Task<int> PauseAsync(string server, string by, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var keys = await queries.KeysOfServerAsync(server, cancellationToken);
        await Task.WhenAll(keys.Select(key => grains.GetGrain<IBackupJobGrain>(key).PauseAsync(by, until, cancellationToken)));
        return keys.Count;
    }

    /// <returns>How many paused jobs were resumed.</returns>
    public async Task<int> ResumeAsync(string server, string by, CancellationToken cancellationToken)
    {
        var keys = await queries.KeysOfServerAsync(server, cancellationToken);
        var resumed = await Task.WhenAll(keys.Select(key => grains.GetGrain<IBackupJobGrain>(key).ResumeAsync(by, cancellationToken)));
        return resumed.Count(done => done);
    }
}
