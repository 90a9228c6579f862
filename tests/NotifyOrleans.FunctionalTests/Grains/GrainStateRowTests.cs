using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>A grain's state row: inserted once, then updated only from the version it was read at, in the columns that changed.</summary>
public abstract class GrainStateRowTests(DatabaseProvider provider) : IAsyncLifetime
{
    private MigratedDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = new MigratedDatabase(provider);
        return Task.CompletedTask;
    }

    private Task<GrainStateRow<UserState>> LoadAsync(string key) => LoadAsync<UserState>(key);

    private Task<GrainStateRow<TState>> LoadAsync<TState>(string key) where TState : class, new() => _database.LoadRowAsync<TState>(key);

    private Task WriteAsync<TState>(GrainStateRow<TState> row) where TState : class, new() => _database.WriteRowAsync(row);

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

    [Fact]
    public async Task An_update_writes_only_the_columns_that_changed_and_the_version()
    {
        var row = await LoadAsync("user-3");
        await WriteAsync(row);
        row.State.LoginCount = 7;

        await using var db = await _database.Contexts.CreateDbContextAsync();
        row.StageWrite(db);

        var written = db.Entry(row.State).Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).Order();
        Assert.Equal([nameof(UserState.LoginCount), GrainKeyModelExtensions.VersionProperty], written);
    }

    [Fact]
    public async Task A_list_changed_in_place_is_written_and_read_back()
    {
        var row = await LoadAsync<BackupJobState>("server/job");
        row.State.RecentRunIds.Add("run-1");
        await WriteAsync(row);
        var activation = await LoadAsync<BackupJobState>("server/job");

        activation.State.RecentRunIds.Add("run-2"); // the list, not the property, changes
        await WriteAsync(activation);

        Assert.Equal(["run-1", "run-2"], (await LoadAsync<BackupJobState>("server/job")).State.RecentRunIds);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}

public sealed class GrainStateRowTestsOnSqlite() : GrainStateRowTests(DatabaseProvider.Sqlite);
public sealed class GrainStateRowTestsOnPostgres() : GrainStateRowTests(DatabaseProvider.Postgres);
