using Microsoft.EntityFrameworkCore;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Clustering;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>What Orleans expects of an <see cref="IReminderTable"/>, on each database.</summary>
public abstract class ReminderTableContractTests(DatabaseProvider provider) : IAsyncLifetime
{
    private MigratedDatabase _database = null!;
    private EfReminderTable _table = null!;

    public Task InitializeAsync()
    {
        _database = new MigratedDatabase(provider);
        _table = new EfReminderTable(_database.Contexts);
        return Task.CompletedTask;
    }

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain, ReminderName = name, StartAt = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc), Period = period ?? TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_its_etag_and_a_second_upsert_replaces_it()
    {
        var grain = GrainId.Create("job", "nas/docs");

        var first = await _table.UpsertRow(Entry(grain, "overdue"));
        var second = await _table.UpsertRow(Entry(grain, "overdue", TimeSpan.FromHours(1)));

        var row = await _table.ReadRow(grain, "overdue");
        Assert.NotEqual(first, second);
        Assert.Equal(second, row!.ETag);
        Assert.Equal(TimeSpan.FromHours(1), row.Period);
        Assert.Equal(new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc), row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Single((await _table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task A_removal_with_a_stale_etag_changes_nothing()
    {
        var grain = GrainId.Create("job", "nas/docs");
        var stale = await _table.UpsertRow(Entry(grain, "overdue"));
        var current = await _table.UpsertRow(Entry(grain, "overdue"));

        Assert.False(await _table.RemoveRow(grain, "overdue", stale!));
        Assert.NotNull(await _table.ReadRow(grain, "overdue"));
        Assert.True(await _table.RemoveRow(grain, "overdue", current!));
        Assert.Null(await _table.ReadRow(grain, "overdue"));
    }

    [Fact]
    public async Task A_range_read_takes_hashes_in_begin_exclusive_end_inclusive_and_wraps_around_the_ring()
    {
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("job", $"server/job-{i}")).ToList();
        foreach (var grain in grains) await _table.UpsertRow(Entry(grain, "r"));
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var (low, high) = (hashes[10], hashes[30]);

        var inside = (await _table.ReadRows(low, high)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).ToHashSet();
        var wrapped = (await _table.ReadRows(high, low)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).ToHashSet();

        Assert.Equal(hashes.Where(h => h > low && h <= high).ToHashSet(), inside);
        Assert.Equal(hashes.Where(h => h > high || h <= low).ToHashSet(), wrapped);
        Assert.Equal(40, inside.Count + wrapped.Count);
    }

    [Fact]
    public async Task Clearing_the_table_removes_every_reminder()
    {
        await _table.UpsertRow(Entry(GrainId.Create("job", "a"), "r"));
        await _table.UpsertRow(Entry(GrainId.Create("user", "b"), "r"));

        await _table.TestOnlyClearTable();

        await using var db = await _database.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Reminders.CountAsync());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}

public sealed class ReminderTableContractTestsOnSqlite() : ReminderTableContractTests(DatabaseProvider.Sqlite);
public sealed class ReminderTableContractTestsOnPostgres() : ReminderTableContractTests(DatabaseProvider.Postgres);
