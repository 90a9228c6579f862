using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>A deadline that passes while no node runs is not lost: the next start notices it, once.</summary>
public sealed class OverdueRestartTests : IDisposable
{
    private readonly TestDatabase _database = new(DatabaseProvider.Sqlite);

    [Fact]
    public async Task A_deadline_missed_while_the_app_was_down_is_notified_after_it_starts_again()
    {
        DateTimeOffset deadline;
        using (var before = new AppFactory(DatabaseProvider.Sqlite, sharedDatabase: _database))
        {
            var api = new ApiClient(before.CreateClient(), await ApiClient.CreateTokenAsync(before, ApiAccess.ReadWrite));
            var channel = await new DeliveryHarness(before).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });
            var (_, job, _) = await api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly",
                $$"""{"schedule":{"cron":"* * * * *"},"timeZone":"UTC","grace":"1s","assignments":[{"channel":"{{channel}}","when":["overdue"]}]}""");
            deadline = job!["overdueAt"]!.GetValue<DateTimeOffset>();
        }

        // Down over the deadline.
        var downFor = deadline - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        if (downFor > TimeSpan.Zero) await Task.Delay(downFor);
        using var after = new AppFactory(DatabaseProvider.Sqlite, sharedDatabase: _database);
        after.CreateClient(); // starts the host, its silo and the reminder service
        async Task<int> OverdueRowsAsync()
        {
            using var scope = after.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Outbox.CountAsync(r => r.JobKey == "nas-01/nightly" && r.EventType == EventTypes.BackupOverdue);
        }

        await DeliveryHarness.EventuallyAsync(async () => await OverdueRowsAsync() >= 1, TimeSpan.FromSeconds(100), "the overdue notice after the restart");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(1, await OverdueRowsAsync()); // once, not once per node start or reminder tick
        // A notice about the job now, not about a run: raised after the restart, and "Overdue" (never "Success").
        using var scope = after.Services.CreateScope();
        var notice = NotificationOutbox.Read(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Outbox.SingleAsync(r => r.JobKey == "nas-01/nightly"));
        Assert.Equal("Overdue", notice.Fields.Single(f => f.Name == "Status").Value);
        Assert.True(notice.OccurredAt > deadline.AddSeconds(2), $"raised at {notice.OccurredAt:O}, the deadline was {deadline:O}");
    }

    public void Dispose() => _database.Dispose();
}
