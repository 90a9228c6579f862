namespace NotifyOrleans.Infrastructure.Runtime;

/// <summary>
/// One turn at a time per grain within this process. Across processes the state row's version
/// does the same job optimistically. Entries are removed when no turn holds or awaits them.
/// </summary>
public sealed class GrainTurnLock
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string grainId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(grainId, out entry!))
                _entries[grainId] = entry = new Entry();
            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(grainId, entry, entered: false);
            throw;
        }

        return new Turn(this, grainId, entry);
    }

    internal int ActiveKeys { get { lock (_entries) return _entries.Count; } }

    private void Release(string grainId, Entry entry, bool entered)
    {
        if (entered) entry.Semaphore.Release();
        lock (_entries)
        {
            if (--entry.Users == 0) _entries.Remove(grainId);
        }
    }

    private sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    private sealed class Turn(GrainTurnLock owner, string grainId, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Release(grainId, entry, entered: true);
        }
    }
}
