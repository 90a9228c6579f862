using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Runtime;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Runtime;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>
/// The grain runtime on a real database, with two app instances on one database standing for two
/// nodes of a cluster: each has its own in-process turn lock, so only the state row's version
/// keeps them from losing each other's updates.
/// </summary>
public abstract class GrainRuntimeTests : IDisposable
{
    private readonly TestDatabase _database;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly AppFactory _nodeA;
    private readonly AppFactory _nodeB;

    protected GrainRuntimeTests(DatabaseProvider provider)
    {
        _database = new TestDatabase(provider);
        _nodeA = Node(provider);
        _nodeB = Node(provider);
        _ = _nodeA.Services; // start A first: it applies the migrations
        _ = _nodeB.Services;
    }

    private AppFactory Node(DatabaseProvider provider) => new(provider, _clock, _database,
        services => services.AddGrain<IAlarmTestGrain, AlarmTestGrain, UserState>("alarm-test"));

    private static IGrainFactory Grains(AppFactory node) => node.Services.GetRequiredService<IGrainFactory>();
    private static ReminderPump Pump(AppFactory node) => node.Services.GetRequiredService<ReminderPump>();

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

        var snapshot = await Grains(_nodeA).GetGrain<IUserGrain>(key).GetSnapshotAsync();
        Assert.Equal(2 * workersPerNode * callsPerWorker, snapshot.LoginCount);
    }

    [Fact]
    public async Task A_grain_starts_from_its_default_state_and_keeps_what_it_wrote_across_nodes()
    {
        var key = Guid.NewGuid().ToString();

        var fresh = await Grains(_nodeA).GetGrain<IUserGrain>(key).GetSnapshotAsync();
        await Grains(_nodeA).GetGrain<IUserGrain>(key).UpdatePreferencesAsync(new NotificationPreferences("Asia/Tokyo", true));

        Assert.Equal(NotificationPreferences.Default, fresh.Preferences);
        Assert.Equal("Asia/Tokyo", (await Grains(_nodeB).GetGrain<IUserGrain>(key).GetSnapshotAsync()).Preferences.TimeZoneId);
    }

    [Fact]
    public async Task An_exception_in_a_grain_reaches_the_caller_and_writes_nothing()
    {
        var key = Guid.NewGuid().ToString();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Grains(_nodeA).GetGrain<IUserGrain>(key).UpdatePreferencesAsync(new NotificationPreferences("Nowhere/Town", true)));

        Assert.Equal(0, await CountStatesAsync(key));
    }

    [Fact]
    public async Task A_reminder_fires_once_when_due_and_a_one_shot_reminder_is_then_removed()
    {
        var key = Guid.NewGuid().ToString();
        await Alarm(_nodeA, key).ArmAsync(_clock.GetUtcNow().AddMinutes(10));

        var early = await Pump(_nodeA).SweepOnceAsync();
        _clock.Advance(TimeSpan.FromMinutes(10));
        var due = await Pump(_nodeA).SweepOnceAsync();
        var again = await Pump(_nodeA).SweepOnceAsync();

        Assert.Equal((0, 1, 0), (early, due, again));
        Assert.Equal(1, await Alarm(_nodeA, key).GetFiredCountAsync());
        Assert.Equal(0, await CountRemindersAsync(key));
    }

    [Fact]
    public async Task A_periodic_reminder_is_re_armed_one_period_later()
    {
        var key = Guid.NewGuid().ToString();
        var first = _clock.GetUtcNow().AddMinutes(1);
        await Alarm(_nodeA, key).ArmAsync(first, TimeSpan.FromHours(1));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Pump(_nodeA).SweepOnceAsync();

        var row = await QueryAsync(db => db.Reminders.SingleAsync(r => r.GrainKey == key));
        Assert.Equal(first.AddHours(1), row.DueAt);
        Assert.Null(row.ClaimedUntil);
    }

    [Fact]
    public async Task Two_nodes_sweeping_at_once_deliver_each_reminder_once()
    {
        var keys = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var key in keys) await Alarm(_nodeA, key).ArmAsync(_clock.GetUtcNow());

        var delivered = await Task.WhenAll(Task.Run(() => Pump(_nodeA).SweepOnceAsync()), Task.Run(() => Pump(_nodeB).SweepOnceAsync()));

        Assert.Equal(keys.Count, delivered.Sum());
        foreach (var key in keys) Assert.Equal(1, await Alarm(_nodeA, key).GetFiredCountAsync());
    }

    [Fact]
    public async Task A_reminder_claimed_by_a_node_that_died_fires_on_another_node_after_the_lease()
    {
        var key = Guid.NewGuid().ToString();
        await Alarm(_nodeA, key).ArmAsync(_clock.GetUtcNow());
        // Node A claimed it and died before delivering: the claim is all that is left of it.
        var leaseEnd = _clock.GetUtcNow().AddMinutes(2);
        await QueryAsync(db => db.Reminders.Where(r => r.GrainKey == key).ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedUntil, leaseEnd)));

        var whileLeased = await Pump(_nodeB).SweepOnceAsync();
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var afterLease = await Pump(_nodeB).SweepOnceAsync();

        Assert.Equal((0, 1), (whileLeased, afterLease));
        Assert.Equal(1, await Alarm(_nodeB, key).GetFiredCountAsync());
    }

    [Fact]
    public async Task A_reminder_whose_delivery_failed_is_retried_after_the_lease()
    {
        var key = Guid.NewGuid().ToString();
        await Alarm(_nodeA, key).ArmAsync(_clock.GetUtcNow());
        lock (AlarmTestGrain.FailingKeys) AlarmTestGrain.FailingKeys.Add(key);

        var failed = await Pump(_nodeA).SweepOnceAsync();
        _clock.Advance(TimeSpan.FromMinutes(3));
        var retried = await Pump(_nodeA).SweepOnceAsync();

        Assert.Equal((0, 1), (failed, retried));
        Assert.Equal(1, await Alarm(_nodeA, key).GetFiredCountAsync());
    }

    private static IAlarmTestGrain Alarm(AppFactory node, string key) => Grains(node).GetGrain<IAlarmTestGrain>(key);

    private Task<int> CountRemindersAsync(string key) => QueryAsync(db => db.Reminders.CountAsync(r => r.GrainKey == key));

    private Task<int> CountStatesAsync(string key) =>
        QueryAsync(db => db.UserStates.CountAsync(s => EF.Property<string>(s, GrainKeyModelExtensions.KeyProperty) == key));

    private async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = _nodeA.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public void Dispose()
    {
        _nodeA.Dispose();
        _nodeB.Dispose();
        _database.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class GrainRuntimeTestsOnSqlite() : GrainRuntimeTests(DatabaseProvider.Sqlite);
public sealed class GrainRuntimeTestsOnPostgres() : GrainRuntimeTests(DatabaseProvider.Postgres);
