using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>
/// Two app hosts on one database. On PostgreSQL they are two silos of one Orleans cluster
/// (membership in the app's tables), so each grain has one activation; on SQLite each host is a
/// cluster of its own, and the state row's version keeps them from losing each other's updates.
/// </summary>
public abstract class TwoNodeGrainTests : IDisposable
{
    private readonly TestDatabase _database;
    private readonly AppFactory _nodeA;
    private readonly AppFactory _nodeB;

    protected TwoNodeGrainTests(DatabaseProvider provider)
    {
        _database = new TestDatabase(provider);
        _nodeA = new AppFactory(provider, sharedDatabase: _database);
        _nodeB = new AppFactory(provider, sharedDatabase: _database);
        _ = _nodeA.Services; // A first: it applies the migrations
        _ = _nodeB.Services;
    }

    private static IGrainFactory Grains(AppFactory node) => node.Services.GetRequiredService<IGrainFactory>();

    protected async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = _nodeA.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task Two_nodes_writing_the_same_grain_at_once_never_lose_an_update()
    {
        const int callsPerWorker = 10, workersPerNode = 4;
        var key = Guid.NewGuid().ToString();

        await Task.WhenAll(new[] { _nodeA, _nodeB }
            .SelectMany(node => Enumerable.Range(0, workersPerNode).Select(_ => Task.Run(async () =>
            {
                for (var call = 0; call < callsPerWorker; call++)
                    await Grains(node).GetGrain<IUserGrain>(key).RecordLoginAsync();
            }))));

        using var scope = _nodeA.Services.CreateScope();
        var row = await scope.ServiceProvider.GetRequiredService<AppDbContext>().UserStates.AsNoTracking()
            .SingleAsync(s => EF.Property<string>(s, GrainKeyModelExtensions.KeyProperty) == key);
        Assert.Equal(2 * workersPerNode * callsPerWorker, row.LoginCount);
    }

    [Fact]
    public async Task What_one_node_wrote_the_other_reads()
    {
        var key = Guid.NewGuid().ToString();

        await Grains(_nodeA).GetGrain<IUserGrain>(key).UpdatePreferencesAsync(new NotificationPreferences("Asia/Tokyo", true));
        var onB = await Grains(_nodeB).GetGrain<IUserGrain>(key).GetSnapshotAsync();

        Assert.Equal(new NotificationPreferences("Asia/Tokyo", true), onB.Preferences);
    }

    public void Dispose()
    {
        _nodeB.Dispose();
        _nodeA.Dispose();
        _database.Dispose();
    }
}

public sealed class TwoNodeGrainTestsOnSqlite() : TwoNodeGrainTests(DatabaseProvider.Sqlite);

public sealed class TwoNodeGrainTestsOnPostgres() : TwoNodeGrainTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task The_two_nodes_are_one_cluster_in_the_membership_table()
    {
        await DeliveryHarness.EventuallyAsync(async () => (await ActiveSilosAsync()) == 2, TimeSpan.FromSeconds(30), "two active silos");
    }

    private Task<int> ActiveSilosAsync() =>
        QueryAsync(db => db.ClusterMembers.CountAsync(m => m.Status == (int)SiloStatus.Active));
}
