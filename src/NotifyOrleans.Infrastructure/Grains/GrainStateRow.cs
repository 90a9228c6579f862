using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
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

    /// <summary>The row as the database holds it: each column's stored value (JSON text for the lists), in <see cref="Columns"/>' order.</summary>
    private object?[] _stored = [];
    private object?[]? _staged;

    public async Task LoadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Set<TState>().AsNoTracking()
            .Where(state => EF.Property<string>(state, GrainKeyModelExtensions.KeyProperty) == Key)
            .Select(state => new { State = state, Version = EF.Property<long>(state, GrainKeyModelExtensions.VersionProperty) })
            .SingleOrDefaultAsync(cancellationToken);
        (State, _version, Exists) = row is null ? (new TState(), 0L, false) : (row.State, row.Version, true);
        _stored = Exists ? StoredValues(Columns(db)) : [];
    }

    /// <summary>
    /// Adds the state's insert, or the version-checked update of the columns that changed, to
    /// <paramref name="db"/>; <see cref="Committed"/> after it saved. Only changed columns: a report
    /// changes a dozen of a job's forty, and an UPDATE of all of them cost a third of the time of a
    /// report's statements (measured, docs/benchmarks.md). Columns are compared as stored (the lists as their JSON
    /// text), so a list changed in place is seen as changed.
    /// </summary>
    public void StageWrite(AppDbContext db)
    {
        var entry = db.Entry(State);
        entry.Property<string>(GrainKeyModelExtensions.KeyProperty).CurrentValue = Key;
        var version = entry.Property<long>(GrainKeyModelExtensions.VersionProperty);
        version.CurrentValue = _version + 1;
        var columns = Columns(db);
        _staged = StoredValues(columns);
        if (!Exists)
        {
            entry.State = EntityState.Added;
            return;
        }

        // Unchanged takes the current values as the originals; then the changed columns are marked,
        // and the version's original is the one this activation read, for the update's WHERE.
        entry.State = EntityState.Unchanged;
        for (var i = 0; i < columns.Length; i++)
            if (!Equals(_staged[i], _stored[i])) entry.Property(columns[i].Property).IsModified = true;
        version.IsModified = true;
        version.OriginalValue = _version;
    }

    public void Committed()
    {
        _version++;
        Exists = true;
        _stored = _staged ?? _stored;
        _staged = null;
    }

    /// <summary>
    /// Adds the row's delete to <paramref name="db"/>, guarded by the version like an update;
    /// <see cref="Deleted"/> after it saved.
    /// </summary>
    public void StageDelete(AppDbContext db)
    {
        var entry = db.Entry(State);
        entry.Property<string>(GrainKeyModelExtensions.KeyProperty).CurrentValue = Key;
        entry.Property<long>(GrainKeyModelExtensions.VersionProperty).CurrentValue = _version;
        entry.State = EntityState.Deleted;
    }

    public void Deleted() => (State, _version, Exists, _stored, _staged) = (new TState(), 0L, false, [], null);

    /// <summary>Each column's value as the database stores it, converters applied.</summary>
    private object?[] StoredValues(Column[] columns)
    {
        var values = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var value = columns[i].Getter.GetClrValue(State);
            values[i] = value is null ? null : columns[i].Converter?.ConvertToProvider(value) ?? value;
        }

        return values;
    }

    private sealed record Column(IProperty Property, IClrPropertyGetter Getter, ValueConverter? Converter);

    // Per model (one per provider; tests run both in one process). Looked up by name through an
    // entry at each write, they were 3 % of the app's CPU under ingest (profiled, docs/benchmarks.md).
    private static readonly ConcurrentDictionary<IEntityType, Column[]> ColumnsByModel = new();

    /// <summary>The state's mapped columns, the key and the version aside (shadow properties, not on the state).</summary>
    private static Column[] Columns(AppDbContext db) =>
        ColumnsByModel.GetOrAdd(db.Model.FindEntityType(typeof(TState))!, type => type.GetProperties()
            .Where(property => property.Name is not (GrainKeyModelExtensions.KeyProperty or GrainKeyModelExtensions.VersionProperty))
            .Select(property => new Column(property, property.GetGetter(), property.GetTypeMapping().Converter))
            .ToArray());
}
