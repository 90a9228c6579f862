using System.Text;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>
/// A backup that succeeds with almost nothing (its drive not mounted) in the real app: recorded and
/// told as a warning while it lasts, taken as the job's size on its page, and set per job by the API.
/// </summary>
public abstract class SizeDropTests(DatabaseProvider provider) : ConsoleTestBase(provider), IAsyncLifetime
{
    private const long GB = 1024L * 1024 * 1024;
    private const string Page = "/Jobs/Details?id=nas-01%2Fphotos";
    private ApiClient _api = null!;
    private string _key = "";
    private Guid _onCall;

    public async Task InitializeAsync()
    {
        _api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        _key = await ApiClient.CreateIngestKeyAsync(App);
        _onCall = await new DeliveryHarness(App).AddChannelAsync("On call", new WebhookSettings { Url = "http://127.0.0.1:9/on-call" });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task ReportAsync(long size, long files)
    {
        var response = await App.CreateClient().PostAsync($"/api/v1/runs?key={_key}",
            new StringContent($$"""{"server":"nas-01","job":"photos","status":"success","sizeBytes":{{size}},"fileCount":{{files}}}""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<List<string>> NoticesAsync() => QueryAsync(async db =>
        (await db.Outbox.AsNoTracking().Where(r => r.JobKey == "nas-01/photos" && r.ChannelId == _onCall).OrderBy(r => r.Id).ToListAsync())
        .Select(r => $"{r.EventType}: {NotificationOutbox.Read(r).Body}").ToList());

    [Fact]
    public async Task A_backup_of_almost_nothing_is_a_warning_until_someone_takes_its_new_size_on_the_job_page()
    {
        var admin = await SetUpAdminAsync();
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/photos", $$"""{"assignments":[{"channel":"{{_onCall}}","when":["failure"]}]}""");
        await ReportAsync(120 * GB, 48_000);
        await ReportAsync(2 * 1024 * 1024, 3); // the drive was not mounted

        var (_, job, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/photos");
        var page = await admin.GetDocumentAsync(Page);
        Assert.Equal("warning", job!["status"]!.GetValue<string>());
        Assert.StartsWith("The backup's size fell to 2 MB from the 120 GB of its last good run (−99 %)", job["lastError"]!.GetValue<string>());
        var notice = Assert.Single(await NoticesAsync());
        Assert.StartsWith(EventTypes.BackupWarning, notice);
        Assert.Contains("fell to 2 MB from the 120 GB", notice);
        Assert.StartsWith("The backup's size fell to 2 MB", page.QuerySelector("#size-fell")!.TextContent.Trim());

        // The photos really moved elsewhere: taken as the job's size, the next run ends the incident.
        var taken = await admin.SubmitAsync(Page, new Dictionary<string, string>(), "form[action*='handler=AcceptSize']");
        Assert.EndsWith("#job-schedule", taken.Headers.Location!.OriginalString);
        Assert.Null((await admin.GetDocumentAsync(Page)).QuerySelector("#size-fell"));
        await ReportAsync(2 * 1024 * 1024, 3);
        var (_, after, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/photos");
        Assert.Equal("success", after!["status"]!.GetValue<string>());
        Assert.StartsWith(EventTypes.BackupRecovered, (await NoticesAsync())[^1]);
        var (_, timeline, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/photos/timeline");
        var line = timeline!.AsArray().Single(line => line!["kind"]!.GetValue<string>() == "size")!;
        Assert.EndsWith(" took 2 MB, 3 files as the job's size: later runs are compared with it.", line["text"]!.GetValue<string>());
        var (nothing, _, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/photos/accept-size", "");
        Assert.Equal(409, nothing); // nothing fell now
    }

    [Fact]
    public async Task A_job_sets_its_own_share_or_none_and_a_share_past_99_is_refused_by_name()
    {
        var (refused, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/photos", """{"sizeDropPercent":150}""");
        var (set, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/photos", """{"sizeDropPercent":0}""");
        await ReportAsync(120 * GB, 48_000);
        await ReportAsync(1024 * 1024, 1);
        var (_, never, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/photos");

        Assert.Equal(400, refused);
        Assert.NotNull(problem!["errors"]!["sizeDropPercent"]);
        Assert.Equal((201, 0), (set, job!["sizeDropPercent"]!.GetValue<int>())); // 201: the job is set up ahead of its first report
        Assert.Equal("success", never!["status"]!.GetValue<string>()); // 0: never
    }
}

public sealed class SizeDropTestsOnSqlite() : SizeDropTests(DatabaseProvider.Sqlite);
public sealed class SizeDropTestsOnPostgres() : SizeDropTests(DatabaseProvider.Postgres);
