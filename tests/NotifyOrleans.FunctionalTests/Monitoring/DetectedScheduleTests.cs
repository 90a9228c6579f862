using System.Text;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>A schedule read from a job's history: suggested with its evidence, applied on request, or by itself when the setting says so.</summary>
public abstract class DetectedScheduleTests(DatabaseProvider provider) : ConsoleTestBase(provider), IAsyncLifetime
{
    private ApiClient _api = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        _key = await ApiClient.CreateIngestKeyAsync(App);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs that started at 02:00 UTC on each of the last <paramref name="days"/> days, a few minutes off.</summary>
    private async Task ReportNightlyAsync(string job, int days)
    {
        var today = DateTimeOffset.UtcNow.Date;
        for (var day = days; day >= 1; day--)
        {
            var started = new DateTimeOffset(today.AddDays(-day).AddHours(2).AddMinutes(day % 4), TimeSpan.Zero);
            var json = $$"""{"server":"nas-01","job":"{{job}}","status":"success","startedAt":"{{started:O}}","endedAt":"{{started.AddMinutes(20):O}}","runId":"{{job}}-{{day}}"}""";
            var response = await App.CreateClient().PostAsync($"/api/v1/runs?key={_key}", new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_job_with_a_history_is_offered_the_schedule_it_shows_and_takes_it_on_request()
    {
        await ReportNightlyAsync("documents", 3);
        var (tooFew, problem, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/documents/schedule-suggestion");
        await ReportNightlyAsync("documents", 8);
        var (status, suggestion, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/documents/schedule-suggestion");
        var admin = await SetUpAdminAsync();
        var page = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        var used = await admin.SubmitAsync("/Jobs/Details?id=nas-01%2Fdocuments", new Dictionary<string, string>(), "#schedule-suggestion form");
        var (_, job, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/documents");

        Assert.Equal((404, "schedule"), (tooFew, problem!["field"]?.GetValue<string>() ?? "schedule"));
        Assert.Equal(200, status);
        Assert.Equal("""{"every":"1D","days":null,"at":"02:00","cron":null}""", suggestion!["schedule"]!.ToJsonString());
        Assert.StartsWith("8 runs, every day at 02:00 ± ", suggestion["evidence"]!.GetValue<string>());
        Assert.Contains("every day at 02:00", page.QuerySelector("#schedule-suggestion")!.TextContent);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(suggestion["scheduleText"]!.GetValue<string>(), job!["scheduleText"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_job_page_reads_the_runs_in_the_readers_time_zone_and_uses_it()
    {
        await ReportNightlyAsync("documents", 8); // 02:00 UTC: 11:00 in Tokyo
        var admin = await SetUpAdminAsync();
        var zone = await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string> { ["Input.TimeZoneId"] = "Asia/Tokyo" }, "#preferences-form");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, zone.StatusCode);

        var page = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        await admin.SubmitAsync("/Jobs/Details?id=nas-01%2Fdocuments", new Dictionary<string, string>(), "#schedule-suggestion form");
        var (_, job, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/documents");

        Assert.Contains("Every day at 11:00 (Asia/Tokyo)", page.QuerySelector("#schedule-suggestion")!.TextContent);
        Assert.Equal("Every day at 11:00 (Asia/Tokyo)", job!["scheduleText"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_the_setting_on_a_job_without_a_schedule_takes_the_one_its_runs_show_and_says_so()
    {
        var (put, defaults, _) = await _api.JsonAsync("PUT", "/api/v1/settings/job-defaults", """{"applyDetectedSchedules":true}""");
        await ReportNightlyAsync("photos", 8); // a week at least: which weekdays, only a full week tells
        var (_, job, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/photos");
        var (_, timeline, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/photos/timeline");

        Assert.Equal((200, true), (put, defaults!["applyDetectedSchedules"]!.GetValue<bool>()));
        Assert.StartsWith("Every day at 02:00", job!["scheduleText"]!.GetValue<string>());
        Assert.True(timeline!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == "schedule" && e["text"]!.GetValue<string>().Contains("runs, every day at 02:00")), timeline.ToJsonString());
    }
}

public sealed class DetectedScheduleTestsOnSqlite() : DetectedScheduleTests(DatabaseProvider.Sqlite);
public sealed class DetectedScheduleTestsOnPostgres() : DetectedScheduleTests(DatabaseProvider.Postgres);
