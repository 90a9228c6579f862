using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Xunit.Abstractions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>The console on a phone's screen (people open it from an alert) and a laptop's, and a log that refreshes while it is read.</summary>
public sealed class PhoneJourneyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 812 };
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(output);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task On_a_phone_the_menu_folds_away_and_no_page_scrolls_sideways()
    {
        // A long zone name, which the time columns' headings and labels carry: "Next expected (Europe/Berlin)" ran past a phone's edge.
        var page = await _session.NewPageAsync(Phone, timeZone: "America/Argentina/Buenos_Aires");
        await BrowserSession.SetUpAdminAsync(page);
        var (channel, _) = await _session.ReportJobsNotifyingADeadWebhookAsync();

        // The page starts on the first screen; the menu opens from its button.
        await page.GotoAsync("/");
        await Expect(page.Locator("#main-nav")).ToBeHiddenAsync();
        Assert.True((await page.Locator("main h1").BoundingBoxAsync())!.Y < Phone.Height / 2, "the page's heading is on the first half of the screen");
        await _session.ScreenshotAsync(page, "30-phone-dashboard");
        // Setup took the browser's zone, which Chromium names by its old name (America/Buenos_Aires), and kept it by the list's.
        await Expect(page.Locator("#job-table td[data-label^='Last run']").First).ToHaveAttributeAsync("data-label", "Last run (America/Argentina/Buenos_Aires)");
        // Each job is a block of its own: its last run is on the screen, not past its edge in a table that scrolls.
        var lastRun = (await page.Locator("#job-table tbody tr td[data-label^='Last run']").First.BoundingBoxAsync())!;
        Assert.True(lastRun.X + lastRun.Width <= Phone.Width, $"a job's last run ends at {lastRun.X + lastRun.Width} px of {Phone.Width}");
        await page.ClickAsync("#menu-toggle");
        await Expect(page.Locator("#main-nav.collapse.show")).ToBeVisibleAsync(); // opened, its slide over
        await _session.ScreenshotAsync(page, "31-phone-menu");
        await page.ClickAsync("#main-nav >> text=Jobs");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Jobs");
        await Expect(page.Locator("#main-nav a[aria-current='page']")).ToHaveTextAsync("Jobs");

        var jobPage = await page.Locator("tr[data-job='vm/anchor-test'] a").GetAttributeAsync("href");
        await page.GotoAsync("/ConfigurationBackup"); // a backup file listed: its name has no space to wrap at
        await page.ClickAsync("#back-up-now");
        await Expect(page.Locator("#backup-files tr[data-file]")).ToHaveCountAsync(1);
        await page.GotoAsync("/Tokens"); // the session's token is listed, as the server's key is: both tables stack on a phone
        await Expect(page.Locator("#tokens tr[data-token]")).Not.ToHaveCountAsync(0);
        var wide = new List<string>();
        foreach (var path in BrowserSession.ConsolePages(jobPage!, channel))
        {
            await page.GotoAsync(path);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > Phone.Width) wide.Add($"{path}: {width} px wide");
            // The servers and the forms' tables (assignments, escalation steps) stack into blocks: none scrolls in its box either.
            var stacked = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.table-stacks')].filter(t => t.scrollWidth > t.parentElement.clientWidth).map(t => `${t.id || 'a table'} of ${t.scrollWidth} px in ${t.parentElement.clientWidth}`)");
            wide.AddRange(stacked.Select(table => $"{path}: {table}"));
        }

        Assert.True(wide.Count == 0, "Pages wider than the phone:\n" + string.Join("\n", wide));
        await page.GotoAsync(jobPage!);
        await _session.ScreenshotAsync(page, "32-phone-job-page");
        await page.GotoAsync("/Servers");
        await _session.ScreenshotAsync(page, "33-phone-servers-and-keys");
        await page.GotoAsync("/Tokens");
        await _session.ScreenshotAsync(page, "34-phone-tokens");
        Assert.Empty(_session.Problems);
    }

    /// <summary>Tables scroll inside their box on a phone; on a laptop every column must be in view.</summary>
    [Fact]
    public async Task On_a_laptop_no_table_hides_columns_past_its_edge()
    {
        var page = await _session.NewPageAsync(); // 1280 px
        await BrowserSession.SetUpAdminAsync(page);
        var (channel, key) = await _session.ReportJobsNotifyingADeadWebhookAsync();
        // A job named without a space (a tool's generated id): its notice's title in the delivery log
        // had pushed Status, Retry now and Cancel past the edge.
        using (var reporter = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) })
            (await reporter.PostAsync($"/api/v1/runs?key={key}", new StringContent($$"""{"job":"{{new string('x', 150)}}","status":"failure"}""",
                System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        await page.GotoAsync("/Jobs");
        var jobPage = await page.Locator("tr[data-job='vm/anchor-test'] a").GetAttributeAsync("href");
        var cut = new List<string>();
        foreach (var path in BrowserSession.ConsolePages(jobPage!, channel))
        {
            await page.GotoAsync(path);
            var widths = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.table-responsive')].filter(box => box.scrollWidth > box.clientWidth).map(box => `${box.scrollWidth} px in ${box.clientWidth}`)");
            cut.AddRange(widths.Select(width => $"{path}: a table of {width}"));
        }

        Assert.True(cut.Count == 0, "Tables wider than their box:\n" + string.Join("\n", cut));
        // From 1400 px the job page's forms are a side column as narrow as a phone: its escalation steps stack there too, and on the wide Notifications page they do not.
        await page.SetViewportSizeAsync(1400, 900);
        await page.GotoAsync(jobPage!);
        Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#escalation table thead')).display"));
        await page.GotoAsync("/Notifications");
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.table-stacks thead')).display"));
    }

    [Fact]
    public async Task On_a_touch_screen_checkboxes_are_big_enough_to_tap()
    {
        var page = await _session.NewPageAsync(Phone, touch: true);
        await BrowserSession.SetUpAdminAsync(page);

        await page.GotoAsync("/Account/Notifications");
        var coarse = await page.EvaluateAsync<bool>("() => matchMedia('(pointer: coarse)').matches");
        var box = (await page.Locator("#Input_QuietWeekends").BoundingBoxAsync())!;

        Assert.True(coarse, "the browser presents a touch screen");
        Assert.True(box.Width >= 24 && box.Height >= 24, $"a checkbox is {box.Width}×{box.Height} px");
        await _session.ScreenshotAsync(page, "33-phone-my-notifications");
    }

    [Fact]
    public async Task A_message_opened_in_the_delivery_log_stays_open_and_focused_while_the_log_refreshes()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        var (_, key) = await _session.ReportJobsNotifyingADeadWebhookAsync();

        await page.GotoAsync("/Deliveries");
        var id = await page.Locator("#delivery-table details").First.GetAttributeAsync("id");
        var message = page.Locator($"[id='{id}']");
        await message.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(message).ToHaveAttributeAsync("open", "");

        // Another report: the next poll (every 3 s) has a new row and replaces the list.
        await _session.ReportAsync(key, "03-warning-broken-symlink");
        var rows = await page.Locator("#delivery-table tbody tr").CountAsync();
        await Expect(page.Locator("#delivery-table tbody tr")).ToHaveCountAsync(rows + 1, new() { Timeout = 15_000 });

        await Expect(message).ToHaveAttributeAsync("open", "");
        Assert.Equal($"{id}-title", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }
}
