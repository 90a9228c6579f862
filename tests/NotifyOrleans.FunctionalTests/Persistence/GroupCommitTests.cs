using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Persistence;

/// <summary>
/// Grain turns saved together: each turn's rows are committed as its own context staged them (state
/// row with its version, history rows with generated ids), its own <c>SavedChanges</c> fires (the
/// dispatcher's wake-up), and a turn the database refuses fails alone.
/// </summary>
public abstract class GroupCommitTests(DatabaseProvider provider) : IAsyncLifetime
{
    private MigratedDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = new MigratedDatabase(provider);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected GroupCommit Commits => _database.Services.GetRequiredService<GroupCommit>();

    protected Task<AppDbContext> NewContextAsync() => _database.Contexts.CreateDbContextAsync();

    protected Task<GrainStateRow<UserState>> LoadAsync(string key) => _database.LoadRowAsync<UserState>(key);

    protected Task SaveAloneAsync(GrainStateRow<UserState> row) => _database.WriteRowAsync(row);

    /// <summary>A turn as a grain runs one: the state changed, a history row added, the write staged in its own context.</summary>
    protected sealed class Turn : IAsyncDisposable
    {
        private Turn(GrainStateRow<UserState> row, AppDbContext db) => (Row, Db) = (row, db);

        public GrainStateRow<UserState> Row { get; }
        public AppDbContext Db { get; }

        /// <summary>What the context's own <c>SavedChanges</c> said, if it fired: rows it wrote itself (0 when a batch wrote them).</summary>
        public int? SavedCount { get; private set; }

        public static async Task<Turn> StageAsync(GroupCommitTests tests, GrainStateRow<UserState> row, int logins)
        {
            var turn = new Turn(row, await tests.NewContextAsync());
            turn.Db.SavedChanges += (_, saved) => turn.SavedCount = saved.EntitiesSavedCount;
            row.State.LoginCount = logins;
            turn.Db.BackupRuns.Add(new BackupRun { JobKey = row.Key, RunId = $"run-{logins}", Source = "test", EndedAt = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch });
            row.StageWrite(turn.Db);
            return turn;
        }

        public async Task SaveAsync(GroupCommit commits)
        {
            await commits.SaveAsync(Db);
            Row.Committed();
        }

        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    [Fact]
    public async Task Turns_saved_at_once_are_all_committed_with_their_versions_and_history()
    {
        var rows = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => LoadAsync($"together-{i}")));
        // Twice: the second round's updates pass their version guard only if the first round wrote the versions it staged.
        for (var round = 1; round <= 2; round++)
        {
            var turns = await Task.WhenAll(rows.Select(row => Turn.StageAsync(this, row, round)));
            await Task.WhenAll(turns.Select(turn => turn.SaveAsync(Commits)));
            Assert.All(turns, turn => Assert.NotNull(turn.SavedCount));
            foreach (var turn in turns) await turn.DisposeAsync();
        }

        foreach (var row in rows)
        {
            var stored = await LoadAsync(row.Key);
            Assert.Equal(2, stored.State.LoginCount);
        }

        await using var db = await NewContextAsync();
        var history = await db.BackupRuns.Where(run => run.JobKey.StartsWith("together-")).ToListAsync();
        Assert.Equal(48, history.Count);
        Assert.Equal(48, history.Select(run => run.Id).Distinct().Count());
    }
}

/// <summary>
/// On SQLite a batch can be made to happen: while another transaction holds the one writer's lock,
/// the first turn waits inside the group commit's writer, and the turns after it queue behind it.
/// </summary>
public sealed class GroupCommitTestsOnSqlite() : GroupCommitTests(DatabaseProvider.Sqlite)
{
    /// <summary>
    /// Holds SQLite's write lock while the first turn goes to the writer and the others queue behind
    /// it; then lets them through, and returns the queued turns' saves, ended.
    /// </summary>
    private async Task<Task[]> SaveWhileWriterIsHeldAsync(Turn first, Turn[] queued)
    {
        Task firstSaved;
        Task[] queuedSaved;
        await using (var holder = await NewContextAsync())
        await using (await holder.Database.BeginTransactionAsync())
        {
            firstSaved = first.SaveAsync(Commits);
            await Task.Delay(TimeSpan.FromMilliseconds(300)); // the writer takes the first turn and waits at the lock
            queuedSaved = queued.Select(turn => turn.SaveAsync(Commits)).ToArray();
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            Assert.False(firstSaved.IsCompleted);
        }

        await firstSaved.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAny(Task.WhenAll(queuedSaved), Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.All(queuedSaved, saved => Assert.True(saved.IsCompleted));
        return queuedSaved;
    }

    [Fact]
    public async Task Turns_queued_behind_a_write_are_committed_in_one_transaction_and_each_hears_of_it()
    {
        var first = await Turn.StageAsync(this, await LoadAsync("first"), 1);
        var queued = await Task.WhenAll(Enumerable.Range(0, 3).Select(async i => await Turn.StageAsync(this, await LoadAsync($"queued-{i}"), 1)));

        var saved = await SaveWhileWriterIsHeldAsync(first, queued);

        Assert.All(saved, save => Assert.True(save.IsCompletedSuccessfully));

        // The queued turns' own contexts wrote nothing (the batch did), and still said they saved.
        Assert.All(queued, turn => Assert.Equal(0, turn.SavedCount));
        foreach (var turn in queued.Append(first)) Assert.Equal(1, (await LoadAsync(turn.Row.Key)).State.LoginCount);
    }

    [Fact]
    public async Task A_stale_turn_in_a_batch_fails_alone_and_the_others_are_committed()
    {
        var current = await LoadAsync("contested");
        current.State.LoginCount = 5;
        await SaveAloneAsync(current);
        var stale = await Turn.StageAsync(this, await LoadAsync("contested"), 9);
        await SaveAloneAsync(current); // moves the version past what `stale` read

        var first = await Turn.StageAsync(this, await LoadAsync("first"), 1);
        var good = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i => await Turn.StageAsync(this, await LoadAsync($"good-{i}"), 1)));
        Turn[] queued = [good[0], stale, good[1]];

        var saved = await SaveWhileWriterIsHeldAsync(first, queued);

        Assert.IsType<DbUpdateConcurrencyException>(saved[1].Exception?.InnerException);
        Assert.True(saved[0].IsCompletedSuccessfully && saved[2].IsCompletedSuccessfully);
        Assert.Null(stale.SavedCount);
        Assert.Equal(5, (await LoadAsync("contested")).State.LoginCount);
        foreach (var turn in good.Append(first))
        {
            Assert.NotNull(turn.SavedCount);
            Assert.Equal(1, (await LoadAsync(turn.Row.Key)).State.LoginCount);
        }

        await using var check = await NewContextAsync();
        Assert.False(await check.BackupRuns.AnyAsync(run => run.JobKey == "contested"));
        Assert.Equal(3, await check.BackupRuns.CountAsync(run => run.JobKey == "first" || run.JobKey.StartsWith("good-")));
    }
}

public sealed class GroupCommitTestsOnPostgres() : GroupCommitTests(DatabaseProvider.Postgres);
