namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// A value a grain reads from the global settings, kept for 30 seconds: a change reaches every
/// activation within that time, and a busy grain does not read it on every turn.
/// </summary>
public sealed class RecentlyRead<T>(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private DateTimeOffset _readAt;
    private bool _read;

    /// <summary>The value as last read; default before the first read.</summary>
    public T? Last { get; private set; }

    /// <summary>The value changed: the next <see cref="GetAsync"/> reads it.</summary>
    public void Forget() => _read = false;

    /// <param name="maxAge">Younger than this, or it is read again (a decision that must not rest on a 30-second-old copy).</param>
    public async Task<T> GetAsync(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken, TimeSpan? maxAge = null)
    {
        if (!_read || time.GetUtcNow() - _readAt > (maxAge ?? Lifetime))
        {
            Last = await read(cancellationToken);
            (_readAt, _read) = (time.GetUtcNow(), true);
        }

        return Last!;
    }
}
