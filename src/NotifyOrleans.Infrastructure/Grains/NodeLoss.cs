using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// A node that dies keeps its grains, in the other nodes' eyes, until the cluster has voted it dead
/// (Orleans' membership probes: about ten seconds with the defaults). Calls to those grains are
/// rejected meanwhile (<see cref="OrleansMessageRejectionException"/>, of which
/// <see cref="SiloUnavailableException"/> is one); once the node is declared dead, the next call
/// activates the grain on a survivor. A caller whose call is safe to repeat waits that out instead
/// of failing: a backup tool retries a failed upload only a few times, a second apart.
/// </summary>
public static class NodeLoss
{
    /// <summary>Longer than a dead node takes to be voted out with Orleans' default membership settings.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="call"/>, again while the node that holds its grain is being voted out.</summary>
    /// <exception cref="OrleansMessageRejectionException">Still rejected after <see cref="Wait"/>.</exception>
    public static async Task<T> RetriedAsync<T>(Func<Task<T>> call, TimeProvider time, CancellationToken cancellationToken)
    {
        var giveUpAt = time.GetUtcNow() + Wait;
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (OrleansMessageRejectionException) when (time.GetUtcNow() < giveUpAt)
            {
                await Task.Delay(pause, time, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }
}
