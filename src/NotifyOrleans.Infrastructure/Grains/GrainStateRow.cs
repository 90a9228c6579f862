using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// A grain's state as a row of the app's own tables (pages query them), held in memory by the
/// activation. Not Orleans' <c>IPersistentState</c>: the grain's outbox and history rows must
/// commit in the same transaction as its state, which a grain storage provider cannot do.
/// The write is guarded by the row's version: if another activation wrote in between (possible
/// for a moment while the cluster's membership changes), the save fails and the grain reloads.
/// </summary>
public sealed class GrainStateRow<TState>(string key) where TState : class, new()
{
    public string Key { get; } = key;
    public TState State { get; private set; } = new();
    public bool Exists { get; private set; }
    private long _version;

    public async Task LoadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Set<TState>().AsNoTracking()
            .Where(state => EF.Property<string>(state, GrainKeyModelExtensions.KeyProperty) == Key)
            .Select(state => new { State = state, Version = EF.Property<long>(state, GrainKeyModelExtensions.VersionProperty) })
            .SingleOrDefaultAsync(cancellationToken);
        (State, _version, Exists) = row is null ? (new TState(), 0L, false) : (row.State, row.Version, true);
    }

    /// <summary>Adds the state's insert or version-checked update to <paramref name="db"/>; <see cref="Committed"/> after it saved.</summary>
    public void StageWrite(AppDbContext db)
    {
        var entry = db.Entry(State);
        entry.Property<string>(GrainKeyModelExtensions.KeyProperty).CurrentValue = Key;
        var version = entry.Property<long>(GrainKeyModelExtensions.VersionProperty);
        version.CurrentValue = _version + 1;
        entry.State = Exists ? EntityState.Modified : EntityState.Added;
        // After the state change, which takes the current values as the originals: the update's
        // WHERE must carry the version this activation read.
        version.OriginalValue = _version;
    }

    public void Committed()
    {
        _version++;
        Exists = true;
    }
}
