using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Runtime;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Runtime;

/// <summary>
/// A grain's state row for one turn. Writes check the version the turn read; if another node
/// wrote in between, <see cref="GrainConcurrencyException"/> makes the runtime replay the turn.
/// </summary>
public sealed class EfPersistentState<TState> : IPersistentState<TState> where TState : class, new()
{
    private readonly AppDbContext _db;
    private readonly string _grainType;
    private readonly string _key;

    private EfPersistentState(AppDbContext db, string grainType, string key, TState? existing)
    {
        _db = db;
        _grainType = grainType;
        _key = key;
        State = existing ?? new TState();
        RecordExists = existing is not null;
    }

    public TState State { get; }
    public bool RecordExists { get; private set; }

    public static async Task<EfPersistentState<TState>> LoadAsync(AppDbContext db, string grainType, string key, CancellationToken cancellationToken)
    {
        var existing = await db.Set<TState>()
            .SingleOrDefaultAsync(state => EF.Property<string>(state, GrainKeyModelExtensions.KeyProperty) == key, cancellationToken);
        return new EfPersistentState<TState>(db, grainType, key, existing);
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var entry = _db.Entry(State);
        var version = entry.Property<long>(GrainKeyModelExtensions.VersionProperty);
        if (RecordExists)
        {
            version.CurrentValue = version.OriginalValue + 1;
        }
        else
        {
            // The key is a shadow property: set it on the detached entry before tracking it.
            entry.Property<string>(GrainKeyModelExtensions.KeyProperty).CurrentValue = _key;
            version.CurrentValue = 1;
            entry.State = EntityState.Added;
        }

        try
        {
            await _db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new GrainConcurrencyException(_grainType, _key, exception);
        }
        catch (DbUpdateException exception) when (!RecordExists)
        {
            // Two nodes created the same grain's first row at once: the primary key refused one.
            throw new GrainConcurrencyException(_grainType, _key, exception);
        }

        RecordExists = true;
    }
}
