using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Clustering;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Domain.Grains.BackupJobs;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>
/// A report is stored, and then the job's next wake-up cannot be written. The report was accepted:
/// it is answered so (a ping sent again would be a second run), and the wake-up is set once it can be.
/// </summary>
public sealed class WakeUpAfterCommitTests : IAsyncLifetime
{
    private FailingReminderTable _reminders = null!;
    private readonly AppFactory _app;

    public WakeUpAfterCommitTests() =>
        _app = new AppFactory(DatabaseProvider.Sqlite, configureServices: services => services.AddSingleton<IReminderTable>(provider =>
            _reminders = new FailingReminderTable(ActivatorUtilities.CreateInstance<EfReminderTable>(provider))));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_ping_stored_before_its_wake_up_failed_to_be_set_is_answered_ok_and_the_wake_up_is_set_later()
    {
        var api = new ApiClient(_app.CreateClient(), await ApiClient.CreateTokenAsync(_app, ApiAccess.ReadWrite));
        var key = await ApiClient.CreatePingKeyAsync(_app, "db-01", "dump");
        var (scheduled, _, _) = await api.JsonAsync("PATCH", "/api/v1/jobs/db-01/dump", """{"schedule":{"every":"1D"}}""");
        Assert.Equal(201, scheduled);
        var writtenBefore = _reminders.Written;

        _reminders.FailNextWrites(1);
        var ping = await _app.CreateClient().PostAsync($"/ping/{key}/0", new StringContent("dump ok", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, ping.StatusCode); // not a 500 that curl --retry sends again
        Assert.Equal(1, await CountRunsAsync());
        // The run moved the deadline a day on; the retry sets its reminder.
        await DeliveryHarness.EventuallyAsync(() => Task.FromResult(_reminders.Written > writtenBefore),
            BackupJobGrain.RearmRetry * 3, "the wake-up's reminder written again after the failed write");
        var grain = _app.Services.GetRequiredService<IGrainFactory>().GetGrain<IBackupJobGrain>("db-01/dump").GetGrainId();
        var reminder = await _reminders.ReadRow(grain, BackupJobGrain.OverdueReminder);
        Assert.NotNull(reminder);
        Assert.True(reminder.StartAt > DateTime.UtcNow.AddHours(23), $"{reminder.StartAt:O}: the next deadline, a day after the run");
    }

    private async Task<int> CountRunsAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().BackupRuns.CountAsync();
    }
}
