using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// A grain whose state is a row of the app's tables: loaded when the grain activates, kept in
/// memory, and written by <see cref="ChangeAsync{T}"/> in one transaction with whatever else the
/// change staged (history, outbox rows), maybe with other grains' changes (<see cref="GroupCommit"/>).
/// Each change gets a fresh DbContext from the factory, never a scoped one (Orleans' DI scope
/// lives as long as the activation).
/// </summary>
public abstract class RowGrain<TState>(IDbContextFactory<AppDbContext> dbs, GroupCommit commits) : Grain where TState : class, new()
{
    // Two activations of one grain on two nodes (a membership change) can collide: the loser reloads
    // and replays, after a random pause so that they stop meeting. One with a stream of calls can
    // win many times in a row (eight, on a loaded machine, with two busy activations on one SQLite
    // file), so the loser of a version check backs off longer each time, and gives up only after
    // RetryFor. Any other refused write (two first inserts: the replay is an update) has Attempts.
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(10);
    private const int Attempts = 8;
    private const int MaxPauseMsPerAttempt = 10;
    private const int MaxPauseMs = 250;
    private GrainStateRow<TState> _row = null!;

    /// <summary>For work besides the state row (a change that only enqueues, say).</summary>
    protected IDbContextFactory<AppDbContext> Contexts => dbs;

    protected TState State => _row.State;
    protected bool Exists => _row.Exists;
    protected string Key => this.GetPrimaryKeyString();

    /// <summary>True while a change runs again because the database refused its first write.</summary>
    protected bool Retrying { get; private set; }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _row = new GrainStateRow<TState>(Key);
        await ReloadAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="change"/> (which changes <see cref="State"/> and stages rows in the
    /// context) and saves it all at once when it says it changed something. If another activation
    /// wrote the row first, the state is reloaded and the change runs again; on any other failure
    /// the state is reloaded, so memory never holds what the database refused.
    /// </summary>
    protected async Task<T> ChangeAsync<T>(Func<AppDbContext, Task<(T Result, bool Changed)>> change, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp(); // real time: a test's fake clock may stand still
        for (var attempt = 1; ; attempt++)
        {
            Retrying = attempt > 1;
            try
            {
                await using var db = await dbs.CreateDbContextAsync(cancellationToken);
                var (result, changed) = await change(db);
                if (!changed) return result;
                _row.StageWrite(db);
                await commits.SaveAsync(db);
                _row.Committed();
                return result;
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException ? TimeProvider.System.GetElapsedTime(started) < RetryFor : attempt < Attempts)
            {
                // A concurrent write (version or first insert): replay on fresh state.
                if (!await ReloadedAsync(async () =>
                    {
                        await Task.Delay(Random.Shared.Next(Math.Min(attempt * MaxPauseMsPerAttempt, MaxPauseMs)), cancellationToken);
                        await ReloadAsync(cancellationToken);
                    }))
                    throw;
            }
            catch
            {
                await ReloadedAsync(() => ReloadAsync(CancellationToken.None));
                throw;
            }
        }
    }

    /// <summary>
    /// Runs the reload that undoes a change the database refused. If the reload fails too (the
    /// database is away: a PostgreSQL restart, a failover), memory still holds the refused change,
    /// so this activation goes, and the next call loads the row afresh. Kept, it had answered the
    /// client's retry of the refused report "repeat" (its run id was in memory) and never stored it.
    /// Returns whether the state was reloaded; the caller then tells of the write's failure.
    /// </summary>
    private async Task<bool> ReloadedAsync(Func<Task> reload)
    {
        try
        {
            await reload();
            return true;
        }
        catch
        {
            DeactivateOnIdle();
            return false;
        }
    }

    /// <summary>
    /// Deletes the state's row, and in the same transaction what <paramref name="alongside"/> deletes
    /// (rows that belong to it); the state in memory is then a new one, as for a row never written.
    /// </summary>
    protected async Task DeleteRowAsync(Func<AppDbContext, CancellationToken, Task> alongside, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbs.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await alongside(db, cancellationToken);
            _row.StageDelete(db);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _row.Deleted();
        }
        catch
        {
            await ReloadedAsync(() => ReloadAsync(CancellationToken.None)); // memory never holds what the database refused
            throw;
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await _row.LoadAsync(db, cancellationToken);
    }
}
