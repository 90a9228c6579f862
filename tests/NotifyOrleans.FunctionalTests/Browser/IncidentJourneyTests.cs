using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Persistence;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>
/// In Chromium: a job takes the schedule its runs suggest, the global escalation is set on the
/// Notifications page, a failure opens an incident, and the notice's Acknowledge link takes it on.
/// </summary>
public sealed class IncidentJourneyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(output);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task A_suggested_schedule_an_escalation_policy_and_an_acknowledgement_from_the_notices_link()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        var pager = await new DeliveryHarness(_session.App).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });
        using var tool = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) };
        var key = await ApiClient.CreateIngestKeyAsync(_session.App);
        async Task ReportAsync(string status, DateTimeOffset started, string runId) =>
            (await tool.PostAsync($"/api/v1/runs?key={key}", new StringContent(
                $$"""{"server":"nas-01","job":"documents","status":"{{status}}","startedAt":"{{started:O}}","endedAt":"{{started.AddMinutes(12):O}}","runId":"{{runId}}"}""",
                Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        for (var day = 9; day >= 1; day--)
            await ReportAsync("success", new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-day).AddHours(1).AddMinutes(day % 3), TimeSpan.Zero), $"night-{day}");

        await page.GotoAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        await Expect(page.Locator("#schedule-suggestion")).ToContainTextAsync("9 runs, every day at 01:00");
        await _session.ScreenshotAsync(page, "44-schedule-suggested");
        await page.ClickAsync("#schedule-suggestion button[type=submit]");
        await Expect(page.Locator("#schedule-text")).ToContainTextAsync("Every day at 01:00");

        await page.GotoAsync("/Notifications");
        await page.FillAsync("input[name='Escalation.Steps[0].Value']", "1h");
        await page.SelectOptionAsync("select[name='Escalation.Steps[0].Trigger']", "after");
        await page.CheckAsync($"input[name='Escalation.Steps[0].Channels'][value='{pager}']");
        await page.SelectOptionAsync("select[name='Escalation.Steps[0].Priority']", "urgent");
        await page.ClickAsync("#defaults-form button[type=submit]");
        await Expect(page.Locator("input[name='Escalation.Steps[0].Value']")).ToHaveValueAsync("1h");
        await _session.ScreenshotAsync(page, "45-escalation-policy");

        await page.GotoAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        await page.SelectOptionAsync("#assignments select[name='Assignments[0].ChannelId']", pager.ToString());
        await page.SelectOptionAsync("#assignments select[name='Assignments[0].Condition']", "OnFailure");
        await page.ClickAsync("#assignments-form button[type=submit]");
        await ReportAsync("failure", DateTimeOffset.UtcNow.AddMinutes(-13), "today");
        var link = await AcknowledgeLinkAsync();

        var visitor = await _session.NewPageAsync(); // no login: the link is the credential
        await visitor.GotoAsync(new Uri(link).PathAndQuery);
        await Expect(visitor.Locator("#acknowledge")).ToContainTextAsync("documents on nas-01");
        await _session.ScreenshotAsync(visitor, "46-acknowledge-link");
        await visitor.FillAsync("#name", "Ada");
        await visitor.FillAsync("#comment", "Replacing the disk");
        await visitor.ClickAsync("#acknowledge-form button[type=submit]");
        await Expect(visitor.Locator("#outcome")).ToContainTextAsync("Acknowledged");
        await _session.ScreenshotAsync(visitor, "47-acknowledged-from-link");

        await page.ReloadAsync();
        await Expect(page.Locator("#incident")).ToContainTextAsync(": failing, "); // its start is the incident's, said once
        await Expect(page.Locator("#acknowledged")).ToContainTextAsync("Ada (name typed on a notification link, not signed in)");
        await Expect(page.Locator("#timeline li[data-kind='acknowledged']")).ToContainTextAsync("Replacing the disk");
        await Expect(page.Locator("#timeline li[data-kind='failing']")).ToBeVisibleAsync();
        await _session.ScreenshotAsync(page, "48-job-timeline");
        Assert.Empty(_session.Problems);
    }

    [Fact]
    public async Task An_admin_pauses_a_jobs_monitoring_for_a_day_sees_it_in_the_list_resumes_it_and_pauses_its_whole_server()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        using var tool = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) };
        var key = await ApiClient.CreateIngestKeyAsync(_session.App);
        (await tool.PostAsync($"/api/v1/runs?key={key}", new StringContent("""{"server":"nas-01","job":"documents","status":"success"}""", Encoding.UTF8, "application/json")))
            .EnsureSuccessStatusCode();
        await page.GotoAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        await page.SelectOptionAsync("select[name='ScheduleForm.Kind']", "interval");
        await page.FillAsync("input[name='ScheduleForm.Every']", "1D");
        await page.ClickAsync("#schedule-form button[type=submit]");
        await Expect(page.Locator("#monitoring-state")).ToContainTextAsync("On time");

        await page.SelectOptionAsync("#pause-for", "1D");
        await page.ClickAsync("#pause");

        await BrowserSession.ExpectToastAsync(page, "Monitoring paused until");
        await Expect(page.Locator("#monitoring-state")).ToContainTextAsync(new System.Text.RegularExpressions.Regex($"^Paused by Ada Admin \\({System.Text.RegularExpressions.Regex.Escape(ConsoleTestBase.AdminEmail)}\\) since {DateTimeOffset.UtcNow:yyyy-MM-dd} .*, until {DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-dd} "));
        await Expect(page.Locator("#job-schedule")).Not.ToContainTextAsync("Paused since"); // said once, in that line
        await Expect(page.Locator("#monitoring-state")).ToHaveAttributeAsync("data-state", "paused");
        await Expect(page.Locator("#paused")).ToContainTextAsync("Runs are still recorded and notified.");
        await Expect(page.Locator("#job-paused")).ToHaveTextAsync("Paused");
        await Expect(page.Locator("#timeline li[data-kind='paused']")).ToContainTextAsync("Monitoring paused by");
        await Expect(page.Locator("#pause-form")).ToHaveCountAsync(0);
        await _session.ScreenshotAsync(page, "64-job-paused");
        await page.GotoAsync("/Jobs");
        await Expect(page.Locator("tr[data-job='nas-01/documents'] [data-paused]")).ToHaveTextAsync("Paused");

        await page.GotoAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        await page.ClickAsync("#resume");
        await Expect(page.Locator("#monitoring-state")).ToHaveAttributeAsync("data-state", "on-time");
        await Expect(page.Locator("#timeline li[data-kind='resumed']")).ToContainTextAsync($"Monitoring resumed by Ada Admin ({ConsoleTestBase.AdminEmail}).");
        await Expect(page.Locator("#pause-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#job-paused")).ToHaveCountAsync(0);

        // The whole server down for maintenance: every job of it at once, from the Servers page.
        await page.GotoAsync("/Servers");
        var row = page.Locator("tr[data-server='nas-01']");
        await row.Locator("select[name='pauseFor']").SelectOptionAsync("3D");
        await row.Locator("[data-pause-server]").ClickAsync();
        await BrowserSession.ExpectToastAsync(page, "Monitoring of 1 job of nas-01 paused until");
        await Expect(row.Locator("[data-paused]")).ToHaveTextAsync("Paused");
        await _session.ScreenshotAsync(page, "65-server-paused");
        await page.GotoAsync("/Jobs");
        await page.SelectOptionAsync("#monitoring", "Paused");
        await page.ClickAsync("#job-filter button[type=submit]");
        await Expect(page.Locator("#job-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("tr[data-job='nas-01/documents'] [data-paused]")).ToBeVisibleAsync();
        await page.GotoAsync("/Servers");
        await row.Locator("[data-resume-server]").ClickAsync();
        await BrowserSession.ExpectToastAsync(page, "Monitoring resumed for 1 job of nas-01.");
        await Expect(row.Locator("[data-paused]")).ToHaveCountAsync(0);
        Assert.Empty(_session.Problems);
    }

    private async Task<string> AcknowledgeLinkAsync()
    {
        using var scope = _session.App.Services.CreateScope();
        var json = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Outbox.AsNoTracking()
            .Where(r => r.EventType == EventTypes.BackupFailure).Select(r => r.MessageJson).FirstAsync();
        return JsonNode.Parse(json)!["links"]!.AsArray().First(l => l!["label"]!.GetValue<string>() == "Acknowledge")!["url"]!.GetValue<string>();
    }
}
