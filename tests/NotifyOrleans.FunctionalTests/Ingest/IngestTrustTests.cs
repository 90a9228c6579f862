using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Ingest;

/// <summary>Regression tests for what an outside tester found on the ingest routes (issue #7).</summary>
public abstract class IngestTrustTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    private HttpClient Api => App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<string> CreateKeyAsync(string? server = null, string? job = null)
    {
        using var scope = App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("test", server, job, "tests")).Key;
    }

    private async Task<Guid> NotifyOnFailureAsync()
    {
        var channel = await new DeliveryHarness(App).AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/hook" });
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<JobDefaults>().SetAsync([new ChannelAssignment(channel, NotifyCondition.OnFailure)]);
        return channel;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Run(string server, string job, string status, string runId, string? endedAt = null) =>
        Json(JsonSerializer.Serialize(new { server, job, status, runId, endedAt }));

    [Fact]
    public async Task Duplicati_reports_sent_with_PUT_are_recorded_like_POST()
    {
        var key = await CreateKeyAsync();

        var response = await Api.PutAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("04-fail-missing-source"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RunStatus.Failure, (await QueryAsync(db => new JobQueries(db).FindAsync("vm/anchor-test")))!.Status);
    }

    [Theory]
    [InlineData("PUT", "/ping/{key}", 405)]
    [InlineData("DELETE", "/api/v1/runs", 405)]
    [InlineData("GET", "/api/upload", 405)]
    [InlineData("GET", "/ping/{key}/abc", 404)]
    [InlineData("POST", "/api/nothing-here", 404)]
    public async Task Machine_routes_answer_problem_json_and_never_redirect_to_the_login_page(string method, string path, int status)
    {
        var key = await CreateKeyAsync("nas-01", "docs");

        var response = await Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{key}", key)) { Content = Json("{}") });

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, body);
        Assert.StartsWith("https://tools.ietf.org/html/rfc9110#section-15.", System.Text.Json.Nodes.JsonNode.Parse(body)!["type"]!.GetValue<string>());
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/api/v1/runs", """{"server":"nas-01","job":"docs","status":"failure","message":"bad \ud800 text"}""", "message")]
    [InlineData("/api/upload", """{"Data":{"ParsedResult":"Success"},"Extra":{"machine-name":"nas-01","backup-name":"\udc00"}}""", "Extra.backup-name")]
    public async Task Half_a_surrogate_pair_is_a_400_naming_the_field_and_stores_nothing(string path, string json, string field)
    {
        var key = await CreateKeyAsync();

        var response = await Api.PostAsync($"{path}?key={key}", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
        Assert.Equal(0, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }

    [Fact]
    public async Task A_run_repeated_after_fifty_newer_ones_is_still_a_repeat()
    {
        var key = await CreateKeyAsync();
        for (var i = 0; i <= 50; i++)
            Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/api/v1/runs?key={key}", Run("nas-01", "docs", "success", $"r{i}"))).StatusCode);
        var pingKey = await CreateKeyAsync("nas-01", "docs");

        var again = await Api.PostAsync($"/api/v1/runs?key={key}", Run("nas-01", "docs", "success", "r0"));
        var pingAgain = await Api.GetAsync($"/ping/{pingKey}?rid=x");
        var pingOld = await Api.GetAsync($"/ping/{pingKey}?rid=x");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("repeat", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (pingAgain.StatusCode, pingOld.StatusCode));
        Assert.Equal(52, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }

    [Fact]
    public async Task Names_too_long_together_are_a_400_naming_the_job()
    {
        var key = await CreateKeyAsync();

        var response = await Api.PostAsync($"/api/v1/runs?key={key}", Run(new string('s', 200), new string('j', 200), "failure", "r1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("job", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
        Assert.Equal(0, await QueryAsync(db => db.BackupJobs.CountAsync()));
    }

    [Theory]
    [InlineData("/api/v1/runs", """{"server":"fz","job":"j","status":"success","runId":"b","endedAt":"6100-01-01T00:00:00Z"}""", "endedAt")]
    [InlineData("/api/upload", """{"Data":{"ParsedResult":"Success","BeginTime":"9999-12-30T00:00:00Z"},"Extra":{"machine-name":"fz","backup-name":"j"}}""", "Data.BeginTime")]
    [InlineData("/api/v1/runs", """{"server":"a/b","job":"j","status":"success"}""", "server")]
    [InlineData("/api/v1/runs", """{"server":"fz","job":"j","status":"success","runId":"c","startedAt":"2026-11-22T05:30:00"}""", "startedAt")] // no zone: hours off
    [InlineData("/api/v1/runs", """{"server":"fz","job":"j","status":"success","runId":"d","endedAt":"0001-01-01T00:00:01Z"}""", "endedAt")] // was the arrival time
    [InlineData("/api/v1/runs", """{"server":"fz","job":"j","status":"success","runId":"e","startedAt":"1970-01-01T00:00:00Z"}""", "startedAt")] // an unset variable's 0
    public async Task A_run_dated_in_the_future_or_before_2000_or_without_a_zone_or_a_server_name_with_a_slash_is_refused_and_the_job_list_keeps_working(string path, string json, string field)
    {
        var key = await CreateKeyAsync();
        await Api.PostAsync($"/api/v1/runs?key={key}", Run("fz", "j", "success", "a"));

        var response = await Api.PostAsync($"{path}?key={key}", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync($"/api/v1/jobs?key={key}")).StatusCode);
        Assert.Equal(1, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }

    [Fact]
    public async Task A_run_dated_hours_ahead_is_kept_as_ending_when_it_arrived_and_the_timeline_says_the_clock_is_ahead()
    {
        var key = await CreateKeyAsync();
        var ahead = DateTimeOffset.UtcNow.AddHours(3);
        var body = JsonSerializer.Serialize(new { server = "fast-clock", job = "j", status = "success", runId = "ahead", startedAt = ahead.AddMinutes(-10), endedAt = ahead });

        var response = await Api.PostAsync($"/api/v1/runs?key={key}", Json(body));
        var afterwards = DateTimeOffset.UtcNow;
        await Api.PostAsync($"/api/v1/runs?key={key}", Run("fast-clock", "j", "failure", "next", afterwards.AddSeconds(1).ToString("O")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await QueryAsync(db => db.BackupRuns.SingleAsync(r => r.RunId == "ahead"));
        Assert.True(run.EndedAt <= afterwards, $"kept as ending {run.EndedAt:O}, after its arrival");
        Assert.Equal(TimeSpan.FromMinutes(10), run.EndedAt - run.StartedAt);
        // The next real run is the job's latest, not a late one behind a run from the future.
        Assert.Equal(RunStatus.Failure, (await QueryAsync(db => new JobQueries(db).FindAsync("fast-clock/j")))!.Status);
        var line = await QueryAsync(db => db.JobEvents.SingleAsync(l => l.JobKey == "fast-clock/j" && l.Kind == "clock"));
        Assert.Equal("The clock of fast-clock is about 3 h ahead of this server's: its run is kept as ending when it arrived.", line.Text);
    }

    [Fact]
    public async Task A_duplicati_duration_too_long_for_a_date_is_not_a_server_error()
    {
        var key = await CreateKeyAsync();
        var json = """{"Data":{"ParsedResult":"Success","BeginTime":"2026-11-20T00:00:00Z","Duration":"10675199.02:48:05"},"Extra":{"machine-name":"vm","backup-name":"d"}}""";

        var response = await Api.PostAsync($"/api/upload?key={key}", Json(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Two_runs_of_a_job_with_a_long_name_are_two_notifications()
    {
        await NotifyOnFailureAsync();
        var key = await CreateKeyAsync();
        var (server, job) = (new string('s', 100), new string('j', 150));

        await Api.PostAsync($"/api/v1/runs?key={key}", Run(server, job, "failure", "run-1", "2026-11-22T01:00:00Z"));
        await Api.PostAsync($"/api/v1/runs?key={key}", Run(server, job, "failure", "run-2", "2026-11-23T01:00:00Z"));

        var rows = await QueryAsync(db => db.Outbox.ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows.Select(r => r.DedupKey).Distinct().Count());
        Assert.All(rows, row => Assert.True(row.DedupKey.Length <= OutboxMessage.DedupKeyMaxLength));
    }

    [Fact]
    public async Task A_failure_reported_after_a_newer_success_is_notified_as_late_and_the_status_stays()
    {
        await NotifyOnFailureAsync();
        var key = await CreateKeyAsync();

        await Api.PostAsync($"/api/v1/runs?key={key}", Run("nas-01", "docs", "success", "new", "2026-11-23T05:00:00Z"));
        var late = await Api.PostAsync($"/api/v1/runs?key={key}", Run("nas-01", "docs", "failure", "old", "2026-11-22T05:00:00Z"));

        Assert.Equal("recorded", JsonNode.Parse(await late.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        var row = Assert.Single(await QueryAsync(db => db.Outbox.ToListAsync()));
        var notice = NotificationOutbox.Read(row);
        Assert.Contains("Reported late", notice.Body);
        Assert.Contains("2026-11-23", notice.Fields.Single(f => f.Name == "Last run").Value); // the newer run that came first, not the late one
        Assert.Equal(RunStatus.Success, (await QueryAsync(db => new JobQueries(db).FindAsync("nas-01/docs")))!.Status);
    }

    [Fact]
    public async Task A_notice_whose_outbox_row_is_already_stored_is_not_written_twice_and_the_run_is_kept()
    {
        // A job's change enqueues without looking first; the unique index refuses the repeat and the change runs again, looking.
        var channel = await NotifyOnFailureAsync();
        var key = await CreateKeyAsync();
        await QueryAsync(async db =>
        {
            db.Outbox.Add(new OutboxMessage
            {
                ChannelId = channel, Recipient = "", DedupKey = "run:nas-01/docs:run-9", EventType = "backup.failure", MessageJson = "{}", Title = "stored before",
                CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow.AddDays(1), GiveUpAt = DateTimeOffset.UtcNow.AddDays(2),
            });
            return await db.SaveChangesAsync();
        });

        var response = await Api.PostAsync($"/api/v1/runs?key={key}", Run("nas-01", "docs", "failure", "run-9", "2026-11-23T05:00:00Z"));

        Assert.Equal("recorded", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        Assert.Equal("stored before", Assert.Single(await QueryAsync(db => db.Outbox.ToListAsync())).Title);
        Assert.Equal(1, await QueryAsync(db => db.BackupRuns.CountAsync(r => r.RunId == "run-9")));
    }
}

public sealed class IngestTrustTestsOnSqlite() : IngestTrustTests(DatabaseProvider.Sqlite);
public sealed class IngestTrustTestsOnPostgres() : IngestTrustTests(DatabaseProvider.Postgres);
