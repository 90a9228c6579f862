using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// Saves the changes of grain turns that wait at the same moment in one transaction: one commit
/// (one fsync of SQLite's log, one flush of PostgreSQL's) for all of them instead of one each.
/// With 16 clients reporting, SQLite's one writer spent half of each report's turn in its commit,
/// and the threads that waited for it burnt CPU (measured, docs/benchmarks.md). A turn that finds
/// no other waiting is saved alone, by its own context, as before.
/// </summary>
/// <remarks>
/// Each turn stages its rows in its own context (it reads there too); a batch tracks the same
/// entities in one new context, as staged, and saves them. If the batch fails (a version guard,
/// a repeated run id), nothing of it was written, and every turn is saved alone by its own
/// context, so each gets its own outcome: a batch never fails a turn that would have succeeded.
/// A turn returns only when its rows are committed: nothing answered is lost in a crash.
/// </remarks>
public sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>The most turns in one transaction: SQLite's other writers (the dispatcher) wait for it.</summary>
    private const int MaxBatch = 32;

    /// <summary>
    /// Batches in flight at once on PostgreSQL. Fewer writers make bigger batches, so fewer commits,
    /// each a flush of PostgreSQL's log on a durable server: 16 clients' reports cost PostgreSQL 200–240
    /// µs of CPU each with one or two writers, 320–410 with four or eight (docs/benchmarks.md).
    /// One writer alone waits on one batch's round trips after another, which a server
    /// further away than loopback would feel; two overlap them.
    /// </summary>
    private const int PostgresWriters = 2;

    private readonly IDbContextFactory<AppDbContext> _contexts;
    private readonly ILogger<GroupCommit> _logger;
    private readonly ConcurrentQueue<Turn> _waiting = new();
    private readonly int _maxWriters;
    private int _writers;
    private volatile bool _stopping;

    public GroupCommit(IDbContextFactory<AppDbContext> contexts, IOptions<DatabaseOptions> database, ILogger<GroupCommit> logger)
    {
        (_contexts, _logger) = (contexts, logger);
        // SQLite lets one writer in at a time; PostgreSQL takes several.
        _maxWriters = database.Value.Provider == DatabaseProvider.Postgres ? PostgresWriters : 1;
    }

    /// <summary>
    /// Saves what <paramref name="db"/> tracks, maybe with other turns' changes, and returns once it
    /// is committed; throws what <c>db.SaveChangesAsync()</c> would have thrown.
    /// </summary>
    /// <remarks>
    /// A turn that finds a writer free writes itself, on its own thread, with whatever else waits:
    /// a lone client's report is not handed to another thread and back (each hop a thread woken,
    /// measured in docs/benchmarks.md). A turn that finds every writer busy waits, and the writer
    /// that frees up next takes it in its batch.
    /// </remarks>
    public async Task SaveAsync(AppDbContext db)
    {
        if (_stopping)
        {
            await db.SaveChangesAsync(); // the host is stopping: a late turn saves alone
            return;
        }

        var turn = new Turn(db);
        _waiting.Enqueue(turn);
        if (TryBecomeWriter()) await WriteAsync(until: turn);
        if (await turn.Saved.Task == SavedBy.Batch) await AnnounceSavedAsync(db);
    }

    private bool TryBecomeWriter()
    {
        for (var writers = Volatile.Read(ref _writers); writers < _maxWriters; writers = Volatile.Read(ref _writers))
            if (Interlocked.CompareExchange(ref _writers, writers + 1, writers) == writers) return true;
        return false;
    }

    /// <summary>
    /// Writes the waiting turns, batch by batch, until <paramref name="until"/> is saved (a turn's
    /// own writer, which then leaves the rest to a writer of their own so that its turn is answered)
    /// or, with none, until no turn waits.
    /// </summary>
    private async Task WriteAsync(Turn? until = null)
    {
        var batch = new List<Turn>(MaxBatch);
        while (true)
        {
            while (batch.Count < MaxBatch && _waiting.TryDequeue(out var turn)) batch.Add(turn);
            if (batch.Count > 0)
            {
                if (batch.Count == 1 || !await TrySaveTogetherAsync(batch))
                    foreach (var turn in batch) await SaveAloneAsync(turn);
                var done = until is not null && batch.Contains(until);
                batch.Clear();
                if (!done) continue;
            }

            Interlocked.Decrement(ref _writers);
            // A turn queued since the last look found every writer busy, and counts on this one.
            if (_waiting.IsEmpty || !TryBecomeWriter()) return;
            if (until is not null)
            {
                _ = Task.Run(() => WriteAsync());
                return;
            }
        }
    }

    private static async Task SaveAloneAsync(Turn turn)
    {
        try
        {
            await turn.Db.SaveChangesAsync();
            turn.Saved.SetResult(SavedBy.Itself);
        }
        catch (Exception e)
        {
            turn.Saved.SetException(e);
        }
    }

    private async Task<bool> TrySaveTogetherAsync(List<Turn> batch)
    {
        try
        {
            await using var db = await _contexts.CreateDbContextAsync();
            // The batch's states are set entry by entry below; nothing else to detect (the pool resets it).
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var turn in batch)
            {
                turn.Db.ChangeTracker.DetectChanges();
                foreach (var entry in turn.Db.ChangeTracker.Entries())
                    if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) TrackAsStaged(entry, db);
            }

            await db.SaveChangesAsync();
            foreach (var turn in batch) turn.Saved.SetResult(SavedBy.Batch);
            return true;
        }
        catch (Exception e)
        {
            // Rolled back whole: each turn is saved alone next, and meets its own fault if it has one.
            _logger.LogDebug(e, "{Count} turns could not be saved together; saving each alone", batch.Count);
            return false;
        }
    }

    /// <summary>
    /// Tracks <paramref name="staged"/>'s entity in <paramref name="batch"/> as the turn's context
    /// tracks it: its shadow values (a grain row's key and version), its state, which columns an
    /// update writes, and the version it expects to replace. A key still to be generated is left
    /// for the batch to generate.
    /// </summary>
    private static void TrackAsStaged(EntityEntry staged, AppDbContext batch)
    {
        var entry = batch.Entry(staged.Entity);
        foreach (var property in staged.Properties)
            if (property.Metadata.IsShadowProperty() && !property.IsTemporary)
                entry.Property(property.Metadata.Name).CurrentValue = property.CurrentValue;

        if (staged.State == EntityState.Added)
        {
            entry.State = EntityState.Added;
            return;
        }

        entry.State = staged.State == EntityState.Deleted ? EntityState.Deleted : EntityState.Unchanged;
        foreach (var property in staged.Properties)
        {
            var target = entry.Property(property.Metadata.Name);
            if (staged.State == EntityState.Modified && property.IsModified) target.IsModified = true;
            if (property.Metadata.IsConcurrencyToken) target.OriginalValue = property.OriginalValue;
        }
    }

    /// <summary>
    /// Raises the turn's own <c>SavedChanges</c> (the dispatcher's wake-up hangs there): its
    /// changes were saved through the batch's context. A save with nothing tracked writes nothing.
    /// </summary>
    private static Task AnnounceSavedAsync(AppDbContext db)
    {
        db.ChangeTracker.Clear();
        return db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        while (!_waiting.IsEmpty || Volatile.Read(ref _writers) > 0)
        {
            if (!_waiting.IsEmpty && TryBecomeWriter()) await WriteAsync();
            else await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    private enum SavedBy { Itself, Batch }

    private sealed record Turn(AppDbContext Db)
    {
        // Its waiter resumes on its own thread, not on the writer's.
        public TaskCompletionSource<SavedBy> Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
