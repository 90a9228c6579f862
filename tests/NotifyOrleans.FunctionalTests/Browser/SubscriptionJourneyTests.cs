using System.Text;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>
/// In Chromium: a person subscribes to a job from its page, adds a server on My notifications with
/// quiet hours in their zone, and reads on the job page that a warning waits for their digest.
/// </summary>
public sealed class SubscriptionJourneyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private BrowserSession _session = null!;
    private SmtpServer _smtp = null!;

    public async Task InitializeAsync()
    {
        _session = await BrowserSession.StartAsync(output);
        _smtp = await SmtpServer.StartAsync("plain", auth: false);
    }

    public async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_from_the_job_page_set_quiet_hours_and_see_a_warning_held_for_the_digest()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        await Expect(page.Locator("#who")).ToBeVisibleAsync();
        await new DeliveryHarness(_session.App).AddMailChannelAsync(_smtp);
        var key = await ApiClient.CreateIngestKeyAsync(_session.App);
        using var script = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) };
        async Task ReportAsync(string server, string status) => (await script.PostAsync($"/api/v1/runs?key={key}",
            new StringContent($$"""{"server":"{{server}}","job":"documents","status":"{{status}}"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await ReportAsync("nas-01", "success");

        await page.GotoAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        await Expect(page.Locator("#no-subscribers")).ToBeVisibleAsync();
        await BrowserSession.RecordAnnouncementsAsync(page);
        await page.ClickAsync("#subscribe");
        await BrowserSession.ExpectToastAsync(page, "Subscribed");
        // The page opens again at the part the form was in, and the confirmation is put into the
        // live region after the load, so a screen reader reads it out.
        Assert.EndsWith("#job-subscribers", page.Url);
        await BrowserSession.WaitForAnnouncementAsync(page, "Subscribed");
        var subscriber = page.Locator("#job-subscribers [data-subscriber]");
        await Expect(subscriber).ToContainTextAsync("failures, missed runs, escalations, recoveries");
        await Expect(subscriber).ToContainTextAsync($"Ada Admin ({ConsoleTestBase.AdminEmail})"); // an admin reads the address too

        // Quiet all day long, every day (00:00–23:59), so the warning below falls in them whatever the time.
        await page.ClickAsync("nav >> text=My notifications");
        await page.SelectOptionAsync("#Input_TimeZoneId", "Europe/Berlin");
        await page.FillAsync("#Input_QuietFrom", "00:00");
        await page.ClickAsync("#save-preferences"); // the end forgotten: said next to it
        await Expect(page.Locator("[data-field-error='Input.QuietTo']")).ToHaveTextAsync(QuietHours.OneEndMissing);
        await _session.ScreenshotAsync(page, "63-quiet-hours-need-both-ends");
        await page.FillAsync("#Input_QuietTo", "23:59");
        await page.ClickAsync("#save-preferences");
        await BrowserSession.ExpectToastAsync(page, "preferences were saved");
        var fresh = page.Locator("[data-subscription][data-new]");
        await Expect(fresh.Locator("input[name$='.Target']")).ToBeHiddenAsync(); // "All jobs" names no server or job
        await fresh.Locator("select").SelectOptionAsync("Server");
        await Expect(fresh.Locator("input[name$='.Target']")).ToHaveAttributeAsync("placeholder", "server");
        await fresh.Locator("input[name$='.Target']").FillAsync("nas-02");
        await fresh.Locator("input[value=Warning]").CheckAsync();
        await page.ClickAsync("#save-subscriptions");
        await BrowserSession.ExpectToastAsync(page, "2 subscriptions saved");
        await Expect(page.Locator("[data-subscription] input[name$='.Target'][value='nas-02']")).ToHaveCountAsync(1);
        await _session.ScreenshotAsync(page, "58-my-subscriptions-and-quiet-hours");

        await ReportAsync("nas-02", "warning");
        await page.GotoAsync("/Jobs/Details?id=nas-02%2Fdocuments");
        await Expect(page.Locator("#history th").First).ToHaveTextAsync("Ended (Europe/Berlin)"); // the zone saved above
        await page.ClickAsync("#history tr[data-run] details[data-route] summary");
        var entry = page.Locator($"#history [data-person='{ConsoleTestBase.AdminEmail}']");
        await Expect(entry).ToContainTextAsync("held by quiet hours until");
        await Expect(entry.Locator("[data-delivery]")).ToHaveTextAsync("Held");
        await _session.ScreenshotAsync(page, "59-warning-held-for-the-digest");

        // A summary now, by real mail; then the admin's settings for channels.
        await page.GotoAsync("/Account/Notifications");
        await page.ClickAsync("#send-summary");
        await BrowserSession.ExpectToastAsync(page, "The summary is on its way");
        await new DeliveryHarness(_session.App).DispatchOnceAsync();
        Assert.Contains(_smtp.Messages(), m => m.RcptTos.Contains(ConsoleTestBase.AdminEmail) && m.Subject.StartsWith("Backup summary"));

        // Sent before any channel is chosen for it: nothing goes, and the corner says so in a warning's yellow.
        await page.ClickAsync("nav >> text=Notifications");
        await page.ClickAsync("#send-channel-summary-button");
        await Expect(page.Locator("#toasts .alert-warning")).ToContainTextAsync("No summary sent: tick its channels");
        await _session.ScreenshotAsync(page, "60a-channel-summary-nothing-sent");
        await page.FillAsync("#Quiet_From", "22:00");
        await page.FillAsync("#Quiet_To", "07:00");
        await page.SelectOptionAsync("#Quiet_TimeZoneId", "Europe/Berlin");
        await page.SelectOptionAsync("#Summary_Frequency", "Weekly");
        await page.Locator("#channel-summary input[name='Summary.Channels']").First.CheckAsync();
        await page.ClickAsync("#defaults-form > button[type=submit]");
        await BrowserSession.ExpectToastAsync(page, "Defaults saved");
        await Expect(page.Locator("#Summary_Frequency")).ToHaveValueAsync("Weekly");
        await _session.ScreenshotAsync(page, "60-channel-quiet-hours-and-summary");

        Assert.Empty(_session.Problems);
    }
}
