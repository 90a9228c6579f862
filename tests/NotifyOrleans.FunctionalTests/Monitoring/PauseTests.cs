using System.Text;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>Pausing a job's monitoring in the real app with real time: the deadline passes in silence, the pause ends by itself or with a report.</summary>
public abstract class PauseTests(DatabaseProvider provider) : ConsoleTestBase(provider), IAsyncLifetime
{
    private ApiClient _api = null!;
    private Guid _pager;

    public async Task InitializeAsync()
    {
        _api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        _pager = await new DeliveryHarness(App).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<List<(string Event, DateTimeOffset CreatedAt)>> NoticesAsync(string job) => QueryAsync(async db =>
        (await db.Outbox.AsNoTracking().Where(r => r.JobKey == job).OrderBy(r => r.Id).Select(r => new { r.EventType, r.CreatedAt }).ToListAsync())
        .Select(r => (r.EventType, r.CreatedAt)).ToList());

    private async Task<List<(string Kind, string Text, DateTimeOffset At)>> TimelineAsync(string job)
    {
        var (_, timeline, _) = await _api.JsonAsync("GET", $"/api/v1/jobs/{job}/timeline");
        return timeline!.AsArray().Select(line => (line!["kind"]!.GetValue<string>(), line["text"]!.GetValue<string>(), line["at"]!.GetValue<DateTimeOffset>()))
            .Reverse().ToList(); // oldest first
    }

    [Fact]
    public async Task A_pause_ends_by_itself_at_its_time_and_the_next_deadline_counts_from_then()
    {
        // A slot every minute, 2 s of grace. Not in a minute's last 25 seconds: the pause (3 s), its end and the look
        // after it must all fall before the next slot, or the job is rightly "late", not "on-time" (CI, once).
        while (DateTimeOffset.UtcNow.Second >= 35) await Task.Delay(250);
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/often",
            $$"""{"schedule":{"cron":"* * * * *"},"timeZone":"UTC","grace":"2s","assignments":[{"channel":"{{_pager}}","when":["overdue"]}]}""");
        var (status, paused, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/often/pause", """{"for":"3s"}""");
        var end = paused!["paused"]!["until"]!.GetValue<DateTimeOffset>();

        await DeliveryHarness.EventuallyAsync(async () => (await TimelineAsync("nas-01/often")).Any(l => l.Text == "Monitoring resumed: the pause ended."),
            TimeSpan.FromSeconds(30), "the pause's end on the timeline (the grain's timer)");
        var (_, resumed, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/often");
        var resumedAt = (await TimelineAsync("nas-01/often")).Single(l => l.Kind == "resumed").At;

        Assert.Equal((200, "paused", "API token script"), (status, paused["monitoring"]!.GetValue<string>(), paused["paused"]!["by"]!.GetValue<string>()));
        Assert.Null(paused["overdueAt"]);
        Assert.InRange(end, DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow);
        Assert.InRange(resumedAt, end, end.AddSeconds(10)); // at its time, not a minute late (the reminder's period)
        Assert.Null(resumed!["paused"]);
        Assert.Equal("on-time", resumed["monitoring"]!.GetValue<string>());
        // The next slot after the pause's end, and the grace.
        var nextSlot = new DateTimeOffset(resumedAt.UtcDateTime.Ticks - resumedAt.UtcDateTime.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
        Assert.Equal(nextSlot.AddSeconds(2), resumed["overdueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(["paused", "resumed"], (await TimelineAsync("nas-01/often")).Select(l => l.Kind));
        Assert.Empty(await NoticesAsync("nas-01/often"));
    }

    [Fact]
    public async Task Pausing_an_overdue_job_closes_its_incident_in_silence_and_a_pause_without_an_end_ends_with_the_next_report_which_is_notified()
    {
        // A run that has not finished 2 s after its start makes the job overdue.
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs",
            $$"""{"maxDuration":"2s","assignments":[{"channel":"{{_pager}}","when":["overdue","failure"]}]}""");
        var ping = await ApiClient.CreatePingKeyAsync(App, "nas-01", "docs");
        (await App.CreateClient().PostAsync($"/ping/{ping}/start", null)).EnsureSuccessStatusCode();
        await DeliveryHarness.EventuallyAsync(async () => (await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/docs")).Body!["overdueSince"] is not null,
            TimeSpan.FromSeconds(30), "the job overdue");
        var (_, paused, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/docs/pause"); // no body: until it reports again
        var before = await NoticesAsync("nas-01/docs");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var whilePaused = await NoticesAsync("nas-01/docs");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var report = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent("""{"server":"nas-01","job":"docs","status":"failure","message":"disk full"}""", Encoding.UTF8, "application/json"));
        var (_, after, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/docs");
        var (notPaused, refused, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/docs/resume");
        var (withBody, unknown, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/docs/resume", """{"until":"now"}""");

        Assert.Equal("paused", paused!["monitoring"]!.GetValue<string>());
        Assert.Null(paused["paused"]!["until"]);
        Assert.Null(paused["overdueSince"]); // closed in silence: the only notice is the one at the deadline
        Assert.Equal([EventTypes.BackupOverdue], before.Select(n => n.Event));
        Assert.Equal(before, whilePaused);
        Assert.True(report.IsSuccessStatusCode);
        Assert.Null(after!["paused"]);
        Assert.Equal(EventTypes.BackupFailure, (await NoticesAsync("nas-01/docs")).Last().Event); // the run that ended the pause is notified as usual
        Assert.Equal((409, "Not paused"), (notPaused, refused!["title"]!.GetValue<string>()));
        Assert.Equal((400, "until"), (withBody, unknown!["field"]!.GetValue<string>())); // a resume takes no body: nothing sent is ignored unseen
        var timeline = (await TimelineAsync("nas-01/docs")).Select(l => l.Text).ToList();
        Assert.Contains("Incident closed: monitoring is paused.", timeline);
        Assert.Contains("Monitoring resumed: the job reported again.", timeline);
    }

    [Fact]
    public async Task A_servers_jobs_are_paused_and_resumed_at_once_and_another_servers_are_left_alone()
    {
        var key = await ApiClient.CreateIngestKeyAsync(App);
        foreach (var job in new[] { "nas-01/documents", "nas-01/photos", "web-01/db" })
        {
            await _api.JsonAsync("PATCH", $"/api/v1/jobs/{job}", """{"schedule":{"every":"1D"}}""");
            var (server, name) = (job.Split('/')[0], job.Split('/')[1]);
            (await App.CreateClient().PostAsync($"/api/v1/runs?key={key}",
                new StringContent($$"""{"server":"{{server}}","job":"{{name}}","status":"success"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        var (status, paused, _) = await _api.JsonAsync("POST", "/api/v1/servers/NAS-01/pause", """{"for":"7D"}""");
        var (_, list, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/photos");
        var (_, other, _) = await _api.JsonAsync("GET", "/api/v1/jobs/web-01/db");
        var (_, pausedList, _) = await _api.JsonAsync("GET", "/api/v1/jobs?monitoring=paused");
        var (badFilter, filterProblem, _) = await _api.JsonAsync("GET", "/api/v1/jobs?monitoring=sometimes");
        var (resumedStatus, resumed, _) = await _api.JsonAsync("POST", "/api/v1/servers/nas-01/resume");
        var (again, _, _) = await _api.JsonAsync("POST", "/api/v1/servers/nas-01/resume");
        var (unknown, problem, _) = await _api.JsonAsync("POST", "/api/v1/servers/nowhere/pause");
        var (invalid, refused, _) = await _api.JsonAsync("POST", "/api/v1/servers/nas-01/pause", """{"for":"never"}""");

        Assert.Equal((200, 2), (status, paused!["jobs"]!.GetValue<int>()));
        Assert.InRange(list!["paused"]!["until"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(7));
        Assert.Null(other!["paused"]);
        Assert.Equal(["nas-01/documents", "nas-01/photos"], pausedList!["jobs"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()));
        Assert.Equal((400, "monitoring"), (badFilter, filterProblem!["field"]!.GetValue<string>()));
        Assert.Equal((200, 2), (resumedStatus, resumed!["jobs"]!.GetValue<int>()));
        Assert.Equal(409, again);
        Assert.Equal((404, "No such server"), (unknown, problem!["title"]!.GetValue<string>()));
        Assert.Equal((400, "for"), (invalid, refused!["field"]!.GetValue<string>()));
        Assert.Null((await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/documents")).Body!["paused"]);

        // The same from the Servers page, until each job reports again.
        // A choice not on the list changes nothing, and says so in yellow (a warning), not in a confirmation's green.
        var admin = await SetUpAdminAsync();
        await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["pauseFor"] = "forever" }, "tr[data-server='nas-01'] form");
        var refusedToast = (await admin.GetDocumentAsync("/Servers")).QuerySelector("#toasts .alert")!;
        Assert.Equal(("Choose how long to pause from the list.", "true"), (refusedToast.TextContent.Trim(), refusedToast.GetAttribute("data-warns")));
        Assert.Contains("alert-warning", refusedToast.ClassList);
        var fromPage = await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["pauseFor"] = "" }, "tr[data-server='nas-01'] form");
        var toast = (await admin.GetDocumentAsync("/Servers")).QuerySelector("#toasts .alert")!;
        Assert.Equal(System.Net.HttpStatusCode.Redirect, fromPage.StatusCode);
        Assert.StartsWith("Monitoring of 2 jobs of nas-01 paused until each reports again:", toast.TextContent.Trim());
        Assert.Equal(("false", true), (toast.GetAttribute("data-warns"), toast.ClassList.Contains("alert-success")));
    }

    [Theory]
    [InlineData("""{"for":"soon"}""", "for")]
    [InlineData("""{"until":"tomorrow"}""", "until")]
    [InlineData("""{"until":"2020-01-01T00:00:00Z"}""", "until")]
    [InlineData("""{"for":"400D"}""", "for")]
    [InlineData("""{"for":"1h","until":"2099-01-01T00:00:00Z"}""", "until")]
    [InlineData("""{"minutes":5}""", "minutes")]
    public async Task A_pause_that_cannot_be_is_refused_naming_the_field_and_nothing_is_paused(string json, string field)
    {
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs", """{"schedule":{"every":"1D"}}""");

        var (status, problem, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/docs/pause", json);
        var (_, job, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/docs");
        var (missing, _, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/nothing/pause");

        Assert.Equal((400, field), (status, problem!["field"]!.GetValue<string>()));
        Assert.Null(job!["paused"]);
        Assert.Equal("on-time", job["monitoring"]!.GetValue<string>());
        Assert.Equal(404, missing);
    }

    [Fact]
    public async Task A_read_only_token_cannot_pause()
    {
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs", """{"schedule":{"every":"1D"}}""");
        var reader = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadOnly, "reader"));

        var (status, _, _) = await reader.JsonAsync("POST", "/api/v1/jobs/nas-01/docs/pause");

        Assert.Equal(403, status);
        Assert.Null((await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/docs")).Body!["paused"]);
    }
}

public sealed class PauseTestsOnSqlite() : PauseTests(DatabaseProvider.Sqlite);
public sealed class PauseTestsOnPostgres() : PauseTests(DatabaseProvider.Postgres);
