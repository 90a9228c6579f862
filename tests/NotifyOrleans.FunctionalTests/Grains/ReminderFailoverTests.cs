using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Clustering;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>Reminders kept in the app's database fire on the surviving silo when the other one dies.</summary>
public sealed class ReminderFailoverTests : IAsyncLifetime
{
    private const int Grains = 16;
    private readonly MigratedDatabase _database = new(DatabaseProvider.Postgres);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddPersistence(_database.Configuration);
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable, EfReminderTable>();
            silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Fact]
    public async Task Deadlines_armed_on_a_silo_that_dies_fire_on_the_survivor()
    {
        var keys = Enumerable.Range(0, Grains).Select(i => $"failover-{i}").ToList();
        foreach (var key in keys)
            await _cluster.Client.GetGrain<IDeadlineTestGrain>(key).ArmAsync(DateTimeOffset.UtcNow.AddSeconds(4), TimeSpan.FromSeconds(4));

        await _cluster.KillSiloAsync(_cluster.GetActiveSilos().Last());

        // Read the rows, not the grains: a call would activate the grain, which fires on its own.
        await DeliveryHarness.EventuallyAsync(async () =>
        {
            await using var db = await _database.Contexts.CreateDbContextAsync();
            return await db.UserStates.CountAsync(s => s.LoginCount == 1) == Grains && !await db.Reminders.AnyAsync();
        }, TimeSpan.FromSeconds(60), "every deadline fired once and its reminder removed");
        await using var check = await _database.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await check.UserStates.CountAsync(s => s.LoginCount > 1));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }
}
