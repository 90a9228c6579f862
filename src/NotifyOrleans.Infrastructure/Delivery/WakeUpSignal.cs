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

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try { await _signal.WaitAsync(timeout, cancellationToken); }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
    }
}

/// <summary>Something was enqueued: the dispatcher looks now.</summary>
public sealed class OutboxSignal : WakeUpSignal;
