using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Clustering;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>The grains on Orleans' in-process test cluster, with the app's real tables and reminder table (SQLite).</summary>
public sealed class GrainClusterTests : IAsyncLifetime
{
    private readonly MigratedDatabase _database = new(DatabaseProvider.Sqlite);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddPersistence(_database.Configuration).AddDelivery().AddSubscriptions().AddSystemEvents().AddIngest();
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable, EfReminderTable>();
            silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    private IGrainFactory Grains => _cluster.Client;

    [Fact]
    public async Task A_job_grain_writes_its_row_its_history_and_keeps_its_state_across_activations()
    {
        var job = Grains.GetGrain<IBackupJobGrain>("nas-01/docs");
        var report = new RunReport { RunId = "r1", ServerName = "nas-01", JobName = "Docs", Status = RunStatus.Failure, EndedAt = DateTimeOffset.UtcNow, ErrorDetails = "disk full" };

        Assert.Equal(RecordOutcome.Recorded, await job.RecordRunAsync(report));
        Assert.Equal(RecordOutcome.Repeat, await job.RecordRunAsync(report));
        await _cluster.DeactivateAsync(job);
        var snapshot = await job.GetSnapshotAsync();

        Assert.Equal((RunStatus.Failure, 1, "disk full"), (snapshot!.Status, snapshot.RunCount, snapshot.LastError));
        await using var db = await _database.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.BackupRuns.CountAsync(r => r.JobKey == "nas-01/docs"));
        Assert.Equal(1, await db.BackupJobs.CountAsync());
    }

    [Fact]
    public async Task A_refused_change_leaves_the_grain_as_it_was()
    {
        var user = Grains.GetGrain<IUserGrain>("user-1");
        await user.UpdatePreferencesAsync(new NotificationPreferences("Europe/Berlin", true));

        await Assert.ThrowsAsync<ArgumentException>(() => user.UpdatePreferencesAsync(new NotificationPreferences("Mars/Base", false)));

        Assert.Equal(new NotificationPreferences("Europe/Berlin", true), (await user.GetSnapshotAsync()).Preferences);
    }

    [Fact]
    public async Task A_deadline_reminder_fires_once_and_then_unregisters_itself()
    {
        var grain = Grains.GetGrain<IDeadlineTestGrain>("deadline-1");

        await grain.ArmAsync(DateTimeOffset.UtcNow.AddSeconds(1), TimeSpan.FromSeconds(1));
        await DeliveryHarness.EventuallyAsync(async () => await grain.GetFiredCountAsync() == 1, TimeSpan.FromSeconds(30), "the deadline reminder");
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // a period later: it must not fire again

        Assert.Equal(1, await grain.GetFiredCountAsync());
        await using var db = await _database.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Reminders.CountAsync(r => r.GrainId.Contains("deadline-1")));
    }

    [Fact]
    public async Task A_deadline_that_passed_while_the_grain_was_not_active_fires_when_it_activates()
    {
        var grain = Grains.GetGrain<IDeadlineTestGrain>("deadline-2");
        // The reminder tick is far off, as after downtime (a missed tick waits for the next period).
        await grain.ArmAsync(DateTimeOffset.UtcNow.AddSeconds(1), TimeSpan.FromHours(1));
        await _cluster.DeactivateAsync(grain);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal(1, await grain.GetFiredCountAsync());
        await using var db = await _database.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Reminders.CountAsync(r => r.GrainId.Contains("deadline-2")));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }
}
