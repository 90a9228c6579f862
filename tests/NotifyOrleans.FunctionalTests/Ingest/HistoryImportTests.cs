using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Ingest;

/// <summary>
/// Past runs imported with <c>?history=true</c> (a fleet moving from duplistatus, a backfill):
/// kept and counted, told to nobody; the first live report is news as usual.
/// </summary>
public abstract class HistoryImportTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    private HttpClient Api => App.CreateClient();

    private async Task<string> CreateKeyAsync()
    {
        using var scope = App.Services.CreateScope();
        var key = (await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("import", null, null, "tests")).Key;
        var channel = await new DeliveryHarness(App).AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/hook" });
        await scope.ServiceProvider.GetRequiredService<JobDefaults>().SetAsync([new ChannelAssignment(channel, NotifyCondition.Always)]);
        return key;
    }

    private static byte[] DatedFailure(DateTimeOffset at)
    {
        var report = JsonNode.Parse(Fixtures.Duplicati("04-fail-missing-source"))!;
        report["Data"]!["BeginTime"] = at.AddMinutes(-1).ToString("O");
        report["Data"]!["EndTime"] = at.ToString("O");
        return Encoding.UTF8.GetBytes(report.ToJsonString());
    }

    private static ByteArrayContent Body(byte[] bytes) => new(bytes) { Headers = { ContentType = new("application/json") } };

    [Fact]
    public async Task Duplicati_reports_imported_as_history_are_kept_and_tell_nobody_and_the_next_live_failure_does()
    {
        var key = await CreateKeyAsync();
        var now = DateTimeOffset.UtcNow;

        foreach (var daysAgo in new[] { 30, 20, 10 })
        {
            var imported = await Api.PostAsync($"/api/upload?key={key}&history=true", Body(DatedFailure(now.AddDays(-daysAgo))));
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var job = (await QueryAsync(db => new JobQueries(db).FindAsync("vm/anchor-test")))!;
        Assert.Equal((RunStatus.Failure, 3), (job.Status, await QueryAsync(db => db.BackupRuns.CountAsync())));
        Assert.Equal(0, await QueryAsync(db => db.Outbox.CountAsync()));
        Assert.Null(await QueryAsync(db => db.BackupJobs.Select(j => j.FailingSince).SingleAsync()));
        var route = await QueryAsync(db => db.BackupRuns.Select(r => r.RouteJson).FirstAsync());
        Assert.Contains("imported as history", route);

        var live = await Api.PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("04-fail-missing-source"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(1, await QueryAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task A_restore_imported_as_history_raises_no_restore_event()
    {
        var key = await CreateKeyAsync();
        var body = JsonSerializer.Serialize(new { server = "db-01", job = "pg_dump", status = "failure", operation = "restore", endedAt = DateTimeOffset.UtcNow.AddDays(-3) });

        var response = await Api.PostAsync($"/api/v1/runs?key={key}&history", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await QueryAsync(db => db.BackupRuns.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.SystemEvents.CountAsync(e => e.Type == SystemEventType.RestoreFailed || e.Type == SystemEventType.RestoreCompleted)));
    }

    [Fact]
    public async Task A_history_flag_that_is_not_true_or_false_is_a_400_naming_it_and_stores_nothing()
    {
        var key = await CreateKeyAsync();

        var response = await Api.PostAsync($"/api/upload?key={key}&history=yes-please", Fixtures.DuplicatiContent("04-fail-missing-source"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("history", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
        Assert.Equal(0, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }
}

public sealed class HistoryImportTestsOnSqlite() : HistoryImportTests(DatabaseProvider.Sqlite);
public sealed class HistoryImportTestsOnPostgres() : HistoryImportTests(DatabaseProvider.Postgres);
