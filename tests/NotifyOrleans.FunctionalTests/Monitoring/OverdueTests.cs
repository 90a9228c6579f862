using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>Overdue monitoring in the real app with real time: a schedule set through the API, its deadline, repeats and recovery.</summary>
// Repeats seconds apart, watched in real time (the app refuses repeats under 5 minutes by default).
public abstract class OverdueTests(DatabaseProvider provider)
    : ConsoleTestBase(provider, services => services.PostConfigure<MonitoringOptions>(o => o.MinimumRepeat = TimeSpan.FromSeconds(1))), IAsyncLifetime
{
    private ApiClient _api = null!;
    private Guid _channel;
    private Guid _chat;

    public async Task InitializeAsync()
    {
        _api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        _channel = await new DeliveryHarness(App).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });
        _chat = await new DeliveryHarness(App).AddChannelAsync("Chat", new WebhookSettings { Url = "http://127.0.0.1:9/chat" });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<List<(string Event, DateTimeOffset CreatedAt)>> NoticesAsync(string job) => QueryAsync(async db =>
        (await db.Outbox.AsNoTracking().Where(r => r.JobKey == job).OrderBy(r => r.Id).Select(r => new { r.EventType, r.CreatedAt }).ToListAsync())
        .Select(r => (r.EventType, r.CreatedAt)).ToList());

    [Fact]
    public async Task A_job_that_misses_its_slot_is_notified_at_the_deadline_repeats_until_acknowledged_and_recovers_once()
    {
        // A slot every minute, 2 s of grace, repeats every 3 s: all in real time, through the reminder.
        var (status, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/minutely",
            $$"""{"schedule":{"cron":"* * * * *"},"timeZone":"UTC","grace":"2s","overdueRepeat":"3s","assignments":[{"channel":"{{_channel}}","when":["overdue"]},{"channel":"{{_chat}}","when":["failure"]}]}""");
        var deadline = job!["overdueAt"]!.GetValue<DateTimeOffset>();

        await DeliveryHarness.EventuallyAsync(async () => (await NoticesAsync("nas-01/minutely")).Count(n => n.Event == EventTypes.BackupOverdue) >= 2,
            TimeSpan.FromSeconds(100), "the overdue notice and one repeat");
        var (_, overdue, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/minutely");
        var (_, timeline, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/minutely/timeline");
        var (_, listed, _) = await _api.JsonAsync("GET", "/api/v1/jobs?monitoring=overdue");
        var admin = await SetUpAdminAsync();
        var page = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fminutely");
        var jobList = await admin.GetDocumentAsync("/Jobs");
        var (ackStatus, acknowledged, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/minutely/acknowledge", """{"comment":"disk swapped"}""");
        var afterAcknowledge = (await NoticesAsync("nas-01/minutely")).Count;
        await Task.Delay(TimeSpan.FromSeconds(5)); // longer than a repeat period
        var whileAcknowledged = (await NoticesAsync("nas-01/minutely")).Count;
        var (twice, refused, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/minutely/acknowledge"); // no body: the comment is optional
        var key = await ApiClient.CreateIngestKeyAsync(App);
        // Not in a minute's last ten seconds: the next slot's deadline (the minute's end + 2 s) would
        // fall in the 5 s watched below, and its new incident's notice read as a repeat (CI, once).
        while (DateTimeOffset.UtcNow.Second >= 50) await Task.Delay(250);
        var report = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent("""{"server":"nas-01","job":"minutely","status":"success"}""", System.Text.Encoding.UTF8, "application/json"));
        var afterRun = (await NoticesAsync("nas-01/minutely")).Count;
        await Task.Delay(TimeSpan.FromSeconds(5)); // longer than a repeat period
        var notices = await NoticesAsync("nas-01/minutely");
        var (_, recovered, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/minutely");

        Assert.Equal((201, "Cron * * * * * (UTC)"), (status, job["scheduleText"]!.GetValue<string>()));
        // Late, not yet overdue, when the minute turned between the grain's answer and the API's words (a busy machine).
        Assert.Contains(job["monitoring"]!.GetValue<string>(), new[] { "on-time", "late" });
        Assert.InRange(deadline, DateTimeOffset.UtcNow.AddSeconds(-100), DateTimeOffset.UtcNow);
        var first = notices.First(n => n.Event == EventTypes.BackupOverdue);
        // Never early. Late by what a busy machine adds to the reminder and its timer: 17 s once, with
        // the whole suite running on two cores; a minute would be a deadline missed, not a slow machine.
        Assert.InRange(first.CreatedAt, deadline, deadline.AddSeconds(60));
        Assert.Equal("overdue", overdue!["monitoring"]!.GetValue<string>());
        // Set up before its first report, which never came: in the lists, where it had been missing.
        Assert.Equal(("nas-01/minutely", "unknown"), (listed!["jobs"]!.AsArray().Single()!["id"]!.GetValue<string>(), listed["jobs"]![0]!["status"]!.GetValue<string>()));
        Assert.NotNull(jobList.QuerySelector("#job-table tr[data-job='nas-01/minutely']"));
        Assert.Equal(deadline, overdue["overdueSince"]!.GetValue<DateTimeOffset>());
        // Why (not) told at the deadline: in the API and under the timeline's line on the job page.
        var told = timeline!.AsArray().Last(line => line!["kind"]!.GetValue<string>() == "overdue")!["told"]!.AsArray();
        Assert.Equal((true, "Overdue notice"), (told.Single(e => e!["channelName"]!.GetValue<string>() == "Pager")!["told"]!.GetValue<bool>(),
            told.Single(e => e!["channelName"]!.GetValue<string>() == "Pager")!["why"]!.GetValue<string>()));
        Assert.Equal("Not told: it asks for failures, not for missed runs.", told.Single(e => e!["channelName"]!.GetValue<string>() == "Chat")!["why"]!.GetValue<string>());
        var line = page.QuerySelectorAll("#timeline > li[data-kind='overdue']").Last();
        Assert.StartsWith("who was told: 1 (1 waiting), not: 1, for the timeline entry of ", line.QuerySelector("[data-route] summary")!.TextContent); // its pager does not answer
        Assert.Contains("not for missed runs", line.QuerySelector($"[data-channel='{_chat}']")!.TextContent);
        Assert.Equal((200, "API token script", "disk swapped"), (ackStatus, acknowledged!["acknowledged"]!["by"]!.GetValue<string>(), acknowledged["acknowledged"]!["comment"]!.GetValue<string>()));
        Assert.Equal(afterAcknowledge, whileAcknowledged); // the repeats stopped
        Assert.Equal((409, "Nothing to acknowledge"), (twice, refused!["title"]!.GetValue<string>()));
        Assert.True(report.IsSuccessStatusCode);
        Assert.Single(notices, n => n.Event == EventTypes.BackupRecovered);
        Assert.Equal(afterRun, notices.Count); // the repeats stopped with the run
        Assert.Null(recovered!["overdueSince"]);
        Assert.Null(recovered["acknowledged"]);
        Assert.NotEqual("overdue", recovered["monitoring"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"schedule":{"every":"12h","at":"05:30"}}""", "schedule.at")]
    [InlineData("""{"schedule":{"every":"soon"}}""", "schedule.every")]
    [InlineData("""{"schedule":{"cron":"every night"}}""", "schedule.cron")]
    [InlineData("""{"schedule":{"every":"1D","days":["someday"]}}""", "schedule.days[0]")]
    [InlineData("""{"schedule":{"every":"1D"},"timeZone":"Mars/Olympus"}""", "timeZone")]
    [InlineData("""{"grace":"a while"}""", "grace")]
    [InlineData("""{"schedule":{"every":"1D","cron":"0 3 * * *"}}""", "schedule.cron")]
    public async Task A_schedule_that_cannot_work_is_refused_naming_the_field(string json, string field)
    {
        var (status, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs", json);

        Assert.Equal((400, field), (status, problem!["field"]!.GetValue<string>()));
        Assert.Null(await QueryAsync(db => new NotifyOrleans.Infrastructure.Jobs.JobQueries(db).FindAsync("nas-01/docs")));
    }

    [Fact]
    public async Task Every_problem_of_a_schedule_is_said_at_once_the_cron_beside_a_bad_zone_and_grace()
    {
        var (status, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs",
            """{"schedule":{"cron":"0 25 * * *"},"timeZone":"Europe/Berln","grace":"2 hours"}""");

        Assert.Equal(400, status);
        Assert.Equal(["grace", "schedule.cron", "timeZone"], problem!["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task A_channel_reads_a_scheduled_job_s_times_in_the_schedule_s_zone_and_an_unscheduled_job_s_in_UTC()
    {
        var routes = $$"""{"assignments":[{"channel":"{{_chat}}","when":["failure"]}]}""";
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly", $$"""{"schedule":{"every":"1D","at":"02:00"},"timeZone":"Europe/Berlin","assignments":[{"channel":"{{_chat}}","when":["failure"]}]}""");
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/whenever", routes);
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var ended = DateTimeOffset.UtcNow.AddHours(-1);
        foreach (var job in new[] { "nightly", "whenever" })
            await App.CreateClient().PostAsync($"/api/v1/runs?key={key}", new StringContent(
                $$"""{"server":"nas-01","job":"{{job}}","status":"failure","endedAt":"{{ended:O}}"}""", System.Text.Encoding.UTF8, "application/json"));
        var messages = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.ChannelId == _chat)
            .ToDictionaryAsync(r => r.JobKey!, r => r.MessageJson));

        var berlin = TimeZoneInfo.ConvertTime(ended, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Contains($"failed at {berlin:yyyy-MM-dd HH:mm} (Europe/Berlin)", messages["nas-01/nightly"]); // as its deadlines are set
        Assert.Contains($"failed at {ended.UtcDateTime:yyyy-MM-dd HH:mm} UTC", messages["nas-01/whenever"]);
    }

    [Fact]
    public async Task A_schedule_reads_back_as_it_was_written_and_in_words()
    {
        var (status, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs",
            """{"schedule":{"every":"1D","days":["monday","tuesday","wednesday","thursday","friday"],"at":"05:30"},"timeZone":"Europe/Berlin","grace":"45m","overdueRepeat":"1D"}""");
        var (removed, none, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs", """{"schedule":null}""");

        Assert.Equal(201, status);
        Assert.Equal("""{"every":"1D","days":["monday","tuesday","wednesday","thursday","friday"],"at":"05:30","cron":null}""", job!["schedule"]!.ToJsonString());
        Assert.Equal("At 05:30 on Mon–Fri (Europe/Berlin)", job["scheduleText"]!.GetValue<string>());
        Assert.Equal(("PT45M", "P1D", "Europe/Berlin"), (job["grace"]!.GetValue<string>(), job["overdueRepeat"]!.GetValue<string>(), job["timeZone"]!.GetValue<string>()));
        var next = TimeZoneInfo.ConvertTime(job["nextExpectedAt"]!.GetValue<DateTimeOffset>(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal(new TimeOnly(5, 30), TimeOnly.FromDateTime(next.DateTime));
        Assert.InRange(next.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
        Assert.Equal((200, "none"), (removed, none!["monitoring"]!.GetValue<string>()));
        Assert.Null(none["overdueAt"]);
    }
}

public sealed class OverdueTestsOnSqlite() : OverdueTests(DatabaseProvider.Sqlite);
public sealed class OverdueTestsOnPostgres() : OverdueTests(DatabaseProvider.Postgres);
