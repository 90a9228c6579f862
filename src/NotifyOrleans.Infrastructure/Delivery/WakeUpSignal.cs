using System.Collections.Concurrent;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>Wakes a polling background loop on this node when there is work, so it needn't wait for its next poll.</summary>
public abstract class WakeUpSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    /// <returns>True when woken by <see cref="Notify"/>, false when the timeout passed.</returns>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try { return await _signal.WaitAsync(timeout, cancellationToken); }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
    }
}

/// <summary>
/// Something was enqueued: the dispatcher looks now. Rows enqueued on this node name their
/// channels, so the dispatcher can hand them to that channel's worker without querying for due
/// channels (under a stream of reports that query ran after every commit);
/// <see cref="NotifyEverywhere"/> asks it to look at every channel now, and its poll does once
/// per interval.
/// </summary>
public sealed class OutboxSignal : WakeUpSignal
{
    private readonly ConcurrentDictionary<Guid, byte> _channels = new();
    private int _everywhere;

    public void Notify(IEnumerable<Guid> channelIds)
    {
        foreach (var channelId in channelIds) _channels.TryAdd(channelId, 0);
        Notify();
    }

    public void NotifyEverywhere()
    {
        Volatile.Write(ref _everywhere, 1);
        Notify();
    }

    /// <summary>What was asked since the last call: every channel, or the channels named.</summary>
    public (bool Everywhere, List<Guid> Channels) Take()
    {
        var everywhere = Interlocked.Exchange(ref _everywhere, 0) == 1;
        var channels = new List<Guid>();
        foreach (var channelId in _channels.Keys)
            if (_channels.TryRemove(channelId, out _)) channels.Add(channelId);
        return (everywhere, channels);
    }
}
