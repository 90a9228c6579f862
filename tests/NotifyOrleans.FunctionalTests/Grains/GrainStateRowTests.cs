using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>A grain's state row: inserted once, then updated only from the version it was read at.</summary>
public abstract class GrainStateRowTests(DatabaseProvider provider) : IAsyncLifetime
{
    private MigratedDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = new MigratedDatabase(provider);
        return Task.CompletedTask;
    }

    private async Task<GrainStateRow<UserState>> LoadAsync(string key)
    {
        var row = new GrainStateRow<UserState>(key);
        await using var db = await _database.Contexts.CreateDbContextAsync();
        await row.LoadAsync(db, default);
        return row;
    }

    private async Task WriteAsync(GrainStateRow<UserState> row)
    {
        await using var db = await _database.Contexts.CreateDbContextAsync();
        row.StageWrite(db);
        await db.SaveChangesAsync();
        row.Committed();
    }

    [Fact]
    public async Task A_row_is_inserted_once_then_updated_and_read_back_by_a_new_activation()
    {
        var row = await LoadAsync("user-1");
        for (var i = 0; i < 3; i++)
        {
            row.State.LoginCount++;
            await WriteAsync(row);
        }

        var again = await LoadAsync("user-1");
        Assert.True(again.Exists);
        Assert.Equal(3, again.State.LoginCount);
    }

    [Fact]
    public async Task A_write_from_a_stale_activation_is_refused()
    {
        var first = await LoadAsync("user-2");
        await WriteAsync(first);
        var stale = await LoadAsync("user-2");
        first.State.LoginCount = 5;
        await WriteAsync(first);

        stale.State.LoginCount = 1;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => WriteAsync(stale));
        Assert.Equal(5, (await LoadAsync("user-2")).State.LoginCount);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}

public sealed class GrainStateRowTestsOnSqlite() : GrainStateRowTests(DatabaseProvider.Sqlite);
public sealed class GrainStateRowTestsOnPostgres() : GrainStateRowTests(DatabaseProvider.Postgres);
