using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>
/// Two app hosts on one PostgreSQL database: two silos of one Orleans cluster (membership in the
/// app's tables), so each grain has one activation. (On SQLite a second node on the same file is
/// refused: RunShTests.)
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

    [Fact]
    public async Task A_summary_asked_for_on_both_nodes_at_once_is_sent_once()
    {
        using (var scope = _nodeA.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.CreateAsync(new AppUser { Id = "summary-reader", UserName = "reader@example.test", Email = "reader@example.test" })).Succeeded);
        }

        await new DeliveryHarness(_nodeA).AddChannelAsync("Mail", new EmailSettings { Host = "localhost", Port = 9, Security = SmtpSecurity.None, From = "hub@example.test", To = "ops@example.test" });
        await Grains(_nodeA).GetGrain<IBackupJobGrain>("nas-01/documents").RecordRunAsync(new RunReport
        {
            RunId = "r-1", ServerName = "nas-01", JobName = "documents", Status = RunStatus.Success, EndedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        var reader = Grains(_nodeA).GetGrain<IUserGrain>("summary-reader");
        await reader.SetSubscriptionsAsync([new Subscription(SubscriptionScope.AllJobs, null, Outcomes.Failure)]);
        await reader.UpdatePreferencesAsync(new NotificationPreferences("UTC", true, Summary: new SummarySchedule(SummaryFrequency.Daily, TimeOnly.MinValue)));

        var sent = await Task.WhenAll(new[] { _nodeA, _nodeB, _nodeA, _nodeB }.Select(node => Grains(node).GetGrain<IUserGrain>("summary-reader").SendDueSummaryAsync()));

        Assert.Equal(1, sent.Count(s => s));
        Assert.Equal(1, await QueryAsync(db => db.Outbox.CountAsync(r => r.EventType == EventTypes.Summary)));
    }

    public void Dispose()
    {
        _nodeB.Dispose();
        _nodeA.Dispose();
        _database.Dispose();
    }
}

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
