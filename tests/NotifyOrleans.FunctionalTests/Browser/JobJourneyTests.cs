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
        // Shown once: one press copies it.
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.ClickAsync("#copy-key");
        await BrowserSession.ExpectToastAsync(page, "Copied.");
        Assert.Equal(key, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        // Reloading the answer shows the page again: it does not post the form a second time.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Servers$"));
        await page.ReloadAsync();
        await Expect(page.Locator("#new-key")).Not.ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-key]")).ToHaveCountAsync(1);

        using var duplicati = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) };
        foreach (var folder in new[] { "03-warning-broken-symlink", "01-success", "04-fail-missing-source" })
        {
            var response = await duplicati.PostAsync($"/api/upload?key={key}",
                Fixtures.DuplicatiContent(folder));
            response.EnsureSuccessStatusCode();
        }

        await page.GotoAsync("/");
        await Expect(page.Locator("tr[data-job='vm/anchor-test'] .badge").First).ToHaveTextAsync("Failed"); // then "Not acknowledged"
        await Expect(page.Locator("[data-count='Failure']")).ToHaveTextAsync("1");
        await _session.ScreenshotAsync(page, "16-dashboard");
        // The search filters as one types (no Filter button pressed), and the address keeps it for a reload.
        await page.Locator("#search").PressSequentiallyAsync("no-such");
        await Expect(page.Locator("#no-jobs")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("search=no-such"));
        await page.Locator("#search").FillAsync("anchor");
        await Expect(page.Locator("tr[data-job='vm/anchor-test']")).ToBeVisibleAsync();

        await page.ClickAsync("tr[data-job='vm/anchor-test'] a");
        await Expect(page.Locator("#history tr[data-run]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#last-error")).ToContainTextAsync("No valid source folders found");
        await Expect(page.Locator("#last-success")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^Last backup made: \d{4}-\d\d-\d\d")); // the success before the failure
        // Chart.js drew the charts (it registers each chart on its canvas); the scripts may still be
        // loading when the table is visible, so wait for them (fails after the timeout if they never draw).
        await page.WaitForFunctionAsync("() => typeof Chart !== 'undefined' && Chart.getChart('chart-result') !== undefined && Chart.getChart('chart-duration') !== undefined",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await _session.ScreenshotAsync(page, "17-job-page");
        // The status badge's preview is the image another site would load: drawn, and as wide as its words.
        await page.Locator("#badge-preview").ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('badge-preview').complete && document.getElementById('badge-preview').naturalWidth > 100");
        await Expect(page.Locator("#badge-preview")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex(@"^/badge/[\w-]+\.[\w-]{22}\.svg$"));
        await page.Locator("#job-badge").ScreenshotAsync(new() { Path = Path.Combine(_session.ArtifactsDirectory, "17b-job-status-badge.png") });

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

    [Fact]
    public async Task Several_channels_are_added_to_a_job_with_one_save()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        var harness = new DeliveryHarness(_session.App);
        var pager = await harness.AddChannelAsync("Pager", new NotifyOrleans.Infrastructure.Channels.Webhook.WebhookSettings { Url = "http://127.0.0.1:9/pager" });
        var wall = await harness.AddChannelAsync("Wall", new NotifyOrleans.Infrastructure.Channels.Webhook.WebhookSettings { Url = "http://127.0.0.1:9/wall" });
        var key = await Api.ApiClient.CreateIngestKeyAsync(_session.App, "vm");
        await _session.ReportAsync(key, "01-success");

        await page.GotoAsync("/Jobs/Details?id=vm%2Fanchor-test");
        await page.SelectOptionAsync("#assignments select[name='Assignments[0].ChannelId']", pager.ToString());
        // Choosing one in the adding row brings the next adding row, as the server writes it.
        await Expect(page.Locator("#assignments tr[data-assignment]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#assignments select[name='Assignments[0].ChannelId'] option").First).ToHaveTextAsync("(remove)");
        await Expect(page.Locator("#assignments select[name='Assignments[1].ChannelId'] option").First).ToHaveTextAsync("+ add a channel…");
        await page.SelectOptionAsync("#assignments select[name='Assignments[1].ChannelId']", wall.ToString());
        await page.SelectOptionAsync("#assignments select[name='Assignments[1].Condition']", "Always");
        await _session.ScreenshotAsync(page, "17c-two-channels-in-one-save");
        await page.ClickAsync("#assignments-form button[type=submit]");
        await BrowserSession.ExpectToastAsync(page, "Notifications saved.");

        await Expect(page.Locator("#assignments select[name='Assignments[0].ChannelId']")).ToHaveValueAsync(pager.ToString());
        await Expect(page.Locator("#assignments select[name='Assignments[1].ChannelId']")).ToHaveValueAsync(wall.ToString());
        await Expect(page.Locator("#assignments select[name='Assignments[1].Condition']")).ToHaveValueAsync("Always");
        await Expect(page.Locator("#assignments tr[data-assignment]")).ToHaveCountAsync(3);
        Assert.Empty(_session.Problems);
    }

    [Fact]
    public async Task A_key_for_a_restic_job_shows_its_line_and_restics_warning_shows_its_figures_and_the_unreadable_file()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        await page.ClickAsync("nav >> text=Servers & keys");
        await page.FillAsync("#Input_Name", "restic on nas-01");
        await page.FillAsync("#Input_Server", "nas-01");
        await page.FillAsync("#Input_Job", "restic");
        await page.ClickAsync("#key-form button[type=submit]");
        var key = (await page.Locator("#new-key-value").TextContentAsync())!.Trim();
        await Expect(page.Locator("#tool-examples")).ToContainTextAsync($"restic backup --json --quiet /srv > /tmp/restic.log 2>&1; curl -fsS -m 10 --retry 8 --retry-connrefused --data-binary @/tmp/restic.log {_session.BaseUrl}/ping/{key}/$?");
        await _session.ScreenshotAsync(page, "19-key-for-restic");

        // What restic 0.14 wrote (stdout and stderr) when it could not read one file, exit code 3.
        const string log = """
            {"message_type":"error","error":{"Op":"open","Path":"/srv/photos/locked.jpg","Err":13},"during":"archival","item":"/srv/photos/locked.jpg"}
            {"message_type":"summary","files_new":4,"files_changed":0,"files_unmodified":0,"dirs_new":5,"dirs_changed":0,"dirs_unmodified":0,"data_blobs":5,"tree_blobs":6,"data_added":1053814,"total_files_processed":1204,"total_bytes_processed":52428800,"total_duration":754.25,"snapshot_id":"c69658ed"}
            Warning: at least one source file could not be read
            """;
        using var restic = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) };
        (await restic.PostAsync($"/ping/{key}/3", new StringContent(log))).EnsureSuccessStatusCode();

        await page.GotoAsync("/Jobs/Details?id=nas-01%2Frestic");
        var run = page.Locator("#history tr[data-run='restic:c69658ed']");
        await Expect(run.Locator(".badge")).ToHaveTextAsync("Warning");
        await Expect(run).ToContainTextAsync("12m 34s");
        await Expect(run).ToContainTextAsync("50 MB");
        await Expect(run).ToContainTextAsync("1,204");
        await Expect(run).ToContainTextAsync("restic");
        await Expect(page.Locator("#last-error")).ToContainTextAsync("Exit code 3: restic could not read some source files");
        await Expect(page.Locator("#last-error")).ToContainTextAsync("Could not open /srv/photos/locked.jpg: permission denied");
        await _session.ScreenshotAsync(page, "20-restic-warning");
        Assert.Empty(_session.Problems);
    }
}
