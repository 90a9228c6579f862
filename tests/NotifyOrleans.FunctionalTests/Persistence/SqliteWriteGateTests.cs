using Microsoft.EntityFrameworkCore;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Persistence;

/// <summary>
/// The SQLite writer queue lets the next writer in however a write ends: a writer it forgot would
/// stop every later write (each test's closing write would wait 30 s and fail).
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    /// <summary>
    /// Under the gate's own 30 s wait, which a forgotten writer makes every later one sit out; well
    /// over the slowest honest queue (40 writers, 80 commits, on a CI machine busy with other tests:
    /// 10 s was once too short).
    /// </summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(25);
    private MigratedDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = new MigratedDatabase(DatabaseProvider.Sqlite);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<AppDbContext> NewContextAsync() => await _database.Contexts.CreateDbContextAsync();

    private static AppSetting Setting(string key) => new() { Key = key, ValueJson = "{}", UpdatedAt = DateTimeOffset.UnixEpoch };

    /// <summary>A write of a new row from a new context, which must get through the queue.</summary>
    private async Task NextWriterGetsInAsync()
    {
        await using var db = await NewContextAsync();
        db.AppSettings.Add(Setting($"next-{Guid.NewGuid():N}"));
        db.AppSettings.Add(Setting($"next-{Guid.NewGuid():N}")); // two rows: SaveChanges uses a transaction
        await db.SaveChangesAsync().WaitAsync(Deadline);
        await db.AppSettings.Where(s => s.Key == "none").ExecuteUpdateAsync(set => set.SetProperty(s => s.ValueJson, "[]")).WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_committed_and_a_rolled_back_transaction_let_the_next_writer_in()
    {
        await using (var db = await NewContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AppSettings.Add(Setting("committed"));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await NextWriterGetsInAsync();

        await using (var db = await NewContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AppSettings.Add(Setting("rolled-back"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await NextWriterGetsInAsync();
        await using var check = await NewContextAsync();
        Assert.True(await check.AppSettings.AnyAsync(s => s.Key == "committed"));
        Assert.False(await check.AppSettings.AnyAsync(s => s.Key == "rolled-back"));
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_lets_the_next_writer_in()
    {
        await using (var db = await NewContextAsync())
        {
            var transaction = await db.Database.BeginTransactionAsync();
            db.AppSettings.Add(Setting("abandoned"));
            await db.SaveChangesAsync();
            await transaction.DisposeAsync(); // neither commit nor rollback: SQLite rolls back
        }

        await NextWriterGetsInAsync();
        await using var check = await NewContextAsync();
        Assert.False(await check.AppSettings.AnyAsync(s => s.Key == "abandoned"));
    }

    [Fact]
    public async Task Failed_writes_inside_and_outside_a_transaction_let_the_next_writer_in()
    {
        await using (var db = await NewContextAsync())
        {
            db.AppSettings.Add(Setting("taken"));
            await db.SaveChangesAsync();
        }

        await using (var db = await NewContextAsync())
        {
            db.AppSettings.Add(Setting("taken")); // one row, no transaction: the lone INSERT fails
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await NextWriterGetsInAsync();

        await using (var db = await NewContextAsync())
        {
            db.AppSettings.Add(Setting("fresh"));
            db.AppSettings.Add(Setting("taken")); // two rows: the transaction fails and is rolled back
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await NextWriterGetsInAsync();
        await using var check = await NewContextAsync();
        Assert.False(await check.AppSettings.AnyAsync(s => s.Key == "fresh"));
    }

    [Fact]
    public async Task Writers_in_parallel_each_get_their_turn()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(NextWriterGetsInAsync)));

        await using var check = await NewContextAsync();
        Assert.Equal(80, await check.AppSettings.CountAsync(s => s.Key.StartsWith("next-")));
    }
}
