using Microsoft.Playwright;
using NotifyOrleans.FunctionalTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>An admin creates a key in Chromium, Duplicati reports arrive with it, and the dashboard and job page show them.</summary>
public sealed class JobJourneyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(output);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task Reports_sent_with_a_key_made_in_the_console_show_on_the_dashboard_and_the_job_page()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);

        await page.ClickAsync("nav >> text=Servers & keys");
        await page.FillAsync("#Input_Name", "vm");
        await page.ClickAsync("#key-form button[type=submit]");
        var key = (await page.Locator("#new-key-value").TextContentAsync())!.Trim();
        await Expect(page.Locator("#duplicati-options")).ToContainTextAsync($"{_session.BaseUrl}/api/upload?key={key}");
        await _session.ScreenshotAsync(page, "15-new-key");

        using var duplicati = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) };
        foreach (var folder in new[] { "03-warning-broken-symlink", "01-success", "04-fail-missing-source" })
        {
            var response = await duplicati.PostAsync($"/api/upload?key={key}",
                Fixtures.DuplicatiContent(folder));
            response.EnsureSuccessStatusCode();
        }

        await page.GotoAsync("/");
        await Expect(page.Locator("tr[data-job='vm/anchor-test'] .badge")).ToHaveTextAsync("Failed");
        await Expect(page.Locator("[data-count='Failure']")).ToHaveTextAsync("1");
        await _session.ScreenshotAsync(page, "16-dashboard");

        await page.ClickAsync("tr[data-job='vm/anchor-test'] a");
        await Expect(page.Locator("#history tr[data-run]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#last-error")).ToContainTextAsync("No valid source folders found");
        // Chart.js drew the charts (it registers each chart on its canvas); the scripts may still be
        // loading when the table is visible, so wait for them (fails after the timeout if they never draw).
        await page.WaitForFunctionAsync("() => typeof Chart !== 'undefined' && Chart.getChart('chart-result') !== undefined && Chart.getChart('chart-duration') !== undefined",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await _session.ScreenshotAsync(page, "17-job-page");

        // A run arrives while the page is open: within a poll (5 s) the page says so, and reloads on a click.
        (await duplicati.PostAsync($"/api/v1/runs?key={key}", new StringContent("""{"server":"vm","job":"anchor-test","status":"success","runId":"while-open"}""",
            System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await Expect(page.Locator("#job-changed")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 15_000 });
        await _session.ScreenshotAsync(page, "18-job-changed");
        await page.ClickAsync("#job-changed a");
        await Expect(page.Locator("#history tr[data-run]")).ToHaveCountAsync(4);
        await Expect(page.Locator("#job-changed")).ToHaveCountAsync(0);

        Assert.Empty(_session.Problems);
    }
}
