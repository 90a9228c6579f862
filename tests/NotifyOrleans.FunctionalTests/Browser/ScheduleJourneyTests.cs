using Microsoft.Playwright;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>An admin sets a schedule on a job page in Chromium and watches the job go overdue, in real time.</summary>
public sealed class ScheduleJourneyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(output);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task A_schedule_set_on_the_job_page_turns_the_job_overdue_when_a_slot_is_missed()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        using var duplicati = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) };
        var key = await ApiClient.CreateIngestKeyAsync(_session.App);
        (await duplicati.PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("01-success"))).EnsureSuccessStatusCode();
        await page.GotoAsync("/Jobs/Details?id=vm%2Fanchor-test");
        await Expect(page.Locator("#monitoring-state")).ToHaveAttributeAsync("data-state", "none");
        // A channel that hears of failures only: the overdue line will say why it was not told.
        var pager = await new DeliveryHarness(_session.App).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });
        await page.ReloadAsync();
        await page.SelectOptionAsync("#assignments select[name='Assignments[0].ChannelId']", pager.ToString());
        await page.SelectOptionAsync("#assignments select[name='Assignments[0].Condition']", "OnFailure");
        await page.ClickAsync("#assignments-form button[type=submit]");

        // The form shows the fields of the kind chosen: none at first, then the interval's.
        await Expect(page.Locator("#ScheduleForm_Every")).ToBeHiddenAsync();
        await Expect(page.Locator("#ScheduleForm_Cron")).ToBeHiddenAsync();
        await page.SelectOptionAsync("#ScheduleForm_Kind", "interval");
        await Expect(page.Locator("#ScheduleForm_Cron")).ToBeHiddenAsync();
        await BrowserSession.WaitForScriptsAsync(page); // typing is previewed through htmx
        await page.FillAsync("#ScheduleForm_Every", "12h");
        await Expect(page.Locator("#schedule-preview")).ToContainTextAsync("Counted from each run: one reported now is expected again at");
        await page.FillAsync("#ScheduleForm_At", "05:30");
        // Said as it is typed, in the save's words.
        await Expect(page.Locator("#schedule-preview [data-preview-problem]")).ToContainTextAsync("With a time of day the interval is 1D");
        await page.ClickAsync("#schedule-form button[type=submit]");
        await Expect(page.Locator("[data-field-error='ScheduleForm.At']")).ToContainTextAsync("With a time of day the interval is 1D");
        await _session.ScreenshotAsync(page, "40-schedule-error");

        // A slot every minute and 1 s of grace: the next minute passes without a run.
        await page.SelectOptionAsync("#ScheduleForm_Kind", "cron");
        await Expect(page.Locator("#ScheduleForm_Cron")).ToBeVisibleAsync();
        await Expect(page.Locator("#ScheduleForm_At")).ToBeVisibleAsync(); // refused: it stays in sight, with its group
        await page.FillAsync("#ScheduleForm_At", "");
        // A cron expression is tried before it is saved: the next three slots, weekdays at 05:30 in its zone.
        await BrowserSession.WaitForScriptsAsync(page);
        await page.SelectOptionAsync("#ScheduleForm_TimeZone", "Europe/Berlin");
        await page.FillAsync("#ScheduleForm_Cron", "30 5 * * 1-5");
        await Expect(page.Locator("#schedule-preview-words")).ToHaveTextAsync("Cron 30 5 * * 1-5 (Europe/Berlin)");
        await Expect(page.Locator("#schedule-preview li[data-slot]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#schedule-preview li[data-slot]").First).ToContainTextAsync("05:30 in Europe/Berlin)"); // as typed, beside the reader's UTC
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        foreach (var slot in await page.Locator("#schedule-preview li[data-slot]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.slot)"))
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(slot, System.Globalization.CultureInfo.InvariantCulture), berlin);
            Assert.Equal(new TimeSpan(5, 30, 0), local.TimeOfDay);
            Assert.InRange((int)local.DayOfWeek, (int)DayOfWeek.Monday, (int)DayOfWeek.Friday);
        }

        await _session.ScreenshotAsync(page, "66-schedule-preview");
        await page.FillAsync("#ScheduleForm_Cron", "30 25 * * *");
        await Expect(page.Locator("#schedule-preview [data-preview-problem]")).ToContainTextAsync("Not a schedule yet:");
        await page.FillAsync("#ScheduleForm_Cron", "* * * * *");
        await page.FillAsync("#ScheduleForm_Grace", "1s");
        await page.ClickAsync("#schedule-form button[type=submit]");
        await Expect(page.Locator("#schedule-text")).ToHaveTextAsync("Cron * * * * * (Europe/Berlin)");
        // Monitored from now on: on time, or already late when the minute turned during the save.
        await Expect(page.Locator("#monitoring-state")).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("^(on-time|late|overdue)$"));
        await _session.ScreenshotAsync(page, "41-schedule-set");

        // The page says overdue once the deadline has passed; the incident and the timeline's line
        // come a moment later, when the grain's wake-up has written them. The page reads the job and
        // its timeline one after the other, so a load during that write can show the line without
        // the incident: wait for both. The page does not refresh itself.
        var overdueLines = page.Locator("#timeline > li[data-kind='overdue']");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await page.Locator("#monitoring-state").GetAttributeAsync("data-state") != "overdue" || await overdueLines.CountAsync() == 0
                   || await page.Locator("#incident").CountAsync() == 0)
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(3000);
            await page.ReloadAsync();
        }

        await Expect(page.Locator("#monitoring-state")).ToContainTextAsync("Overdue since");
        await Expect(page.Locator("#job-overdue")).ToHaveTextAsync("Overdue"); // at the top, beside the last run's result
        await Expect(page.Locator("#next-expected")).ToContainTextAsync("(missed)");
        await _session.ScreenshotAsync(page, "42-job-overdue");
        var overdueLine = overdueLines.Last;
        await overdueLine.Locator("[data-route] summary").ClickAsync();
        await Expect(overdueLine.Locator($"[data-channel='{pager}']")).ToContainTextAsync("Not told: it asks for failures, not for missed runs.");
        await _session.ScreenshotAsync(page, "57-why-not-told-of-a-missed-run");
        await page.FillAsync("#acknowledge-form input[name=comment]", "Looking into it");
        await page.ClickAsync("#acknowledge-form button[type=submit]");
        await Expect(page.Locator("#acknowledged")).ToContainTextAsync("Acknowledged by Ada Admin (admin@example.test)");
        await Expect(page.Locator("#acknowledged")).ToContainTextAsync("Looking into it");
        await _session.ScreenshotAsync(page, "43-job-acknowledged");
        // The keyboard goes on where it acted (the page came back at #job-incident), and "On this page" takes it to a section.
        Assert.Equal("job-incident", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.ClickAsync("#job-sections a[href='#section-schedule']");
        Assert.Equal("section-schedule", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.GotoAsync("/Jobs");
        await Expect(page.Locator("tr[data-job='vm/anchor-test'] [data-overdue]")).ToBeVisibleAsync();
        Assert.Empty(_session.Problems);
    }
}
