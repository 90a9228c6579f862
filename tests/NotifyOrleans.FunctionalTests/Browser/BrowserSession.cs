using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;
using Xunit.Abstractions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>
/// The app on a real loopback port (in-process Kestrel) driven by Debian's Chromium through
/// Playwright. Console errors, page errors and failed requests are collected: a page that loads
/// a missing script is a failure, not a warning.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly AppFactory _app;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly ITestOutputHelper _output;

    public List<string> Problems { get; } = [];
    public string BaseUrl { get; }
    public string ArtifactsDirectory { get; }

    private BrowserSession(AppFactory app, IPlaywright playwright, IBrowser browser, string baseUrl, ITestOutputHelper output)
    {
        (_app, _playwright, _browser, BaseUrl, _output) = (app, playwright, browser, baseUrl, output);
        ArtifactsDirectory = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../artifacts/screenshots"));
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    public AppFactory App => _app;

    public static async Task<BrowserSession> StartAsync(ITestOutputHelper output)
    {
        var chromium = Environment.GetEnvironmentVariable("NOTIFYORLEANS_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium)) throw new InvalidOperationException($"Chromium not found at {chromium}: run the tests with ./test.sh, which installs it.");

        // Expect(...) waits up to 15 s rather than Playwright's 5: on a loaded 2-core CI machine a
        // page after a form's redirect took longer than 5 s to come, and its 5-second toast with it.
        Assertions.SetDefaultExpectTimeout(15_000);
        var port = Repository.FreePort();
        var app = new AppFactory(DatabaseProvider.Sqlite);
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        app.StartServer();

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new BrowserSession(app, playwright, browser, $"http://127.0.0.1:{port}", output);
    }

    /// <summary>A new browser context (its own cookies), watched for errors; a laptop's screen unless another is given.</summary>
    /// <param name="touch">A phone's touch screen (a coarse pointer) rather than a mouse.</param>
    /// <param name="colors">The system's light or dark preference, as the browser reports it to the page.</param>
    /// <param name="timeZone">The zone the browser's clock is in (an IANA id). UTC when not given, whatever the machine's: the first admin takes it at Setup.</param>
    public async Task<IPage> NewPageAsync(ViewportSize? screen = null, bool touch = false, ColorScheme colors = ColorScheme.Light, string timeZone = "UTC")
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = screen ?? new ViewportSize { Width = 1280, Height = 800 },
            HasTouch = touch,
            IsMobile = touch,
            ColorScheme = colors,
            TimezoneId = timeZone,
        });
        await context.AddInitScriptAsync(HoldEarlyHtmxClicks);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            _output.WriteLine($"[console.{message.Type}] {message.Text}");
            // A 403/404 document is expected in some tests; anything else logged as an error is not.
            if (message.Type == "error" && !message.Text.Contains("status of 403") && !message.Text.Contains("status of 404")
                && !IsOrleansDashboards(message.Location))
                Problems.Add($"console error: {message.Text}");
        };
        page.PageError += (_, error) => { if (!IsOrleansDashboards(error)) Problems.Add($"page error: {error}"); };
        page.RequestFailed += (_, request) =>
        {
            // ERR_ABORTED is the browser dropping a load because the page navigated on (a script of
            // the page just left, seen once in a clean run); a server's failure shows as another error or a 5xx.
            if (request.Failure != "net::ERR_ABORTED") Problems.Add($"request failed: {request.Url} {request.Failure}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 500) Problems.Add($"{response.Status} from {response.Url}");
        };
        return page;
    }

    /// <summary>
    /// A click on an htmx button while its page is still loading does nothing: htmx binds the page
    /// once it is parsed. Playwright clicks as soon as the button is drawn, far sooner than a person,
    /// and twice in CI a test pressed Test on a list just come after a save and waited 15 s for an
    /// answer never asked for. Such a click is held and given again once htmx has bound the page, as
    /// a person's second press would; a test then need not remember to wait before every press.
    /// </summary>
    private const string HoldEarlyHtmxClicks = """
        document.addEventListener("click", event => {
            if (document.readyState !== "loading") return;
            const button = event.target.closest?.("[hx-get],[hx-post],[hx-put],[hx-patch],[hx-delete]");
            if (!button) return;
            event.preventDefault();
            event.stopImmediatePropagation();
            // After every DOMContentLoaded listener, htmx's among them.
            document.addEventListener("DOMContentLoaded", () => setTimeout(() => button.click(), 0));
        }, true);
        """;

    /// <summary>
    /// Whether an error (its text with its stack, or its script's address) is thrown by the script of
    /// Orleans' dashboard in the Cluster page's frame: a third party's, which now and then reads a
    /// just-started silo's first statistics before they are there (a TypeError once in three clean
    /// runs). It is in the test's output; the Cluster test asserts what the dashboard shows.
    /// </summary>
    private static bool IsOrleansDashboards(string errorOrAddress) => errorOrAddress.Contains(Web.Pages.Cluster.IndexModel.DashboardPath + "/");

    /// <summary>First-run setup in the browser: the admin is then signed in.</summary>
    public static async Task SetUpAdminAsync(IPage page)
    {
        await page.GotoAsync("/Setup");
        await page.FillAsync("#Input_Email", ConsoleTestBase.AdminEmail);
        await page.FillAsync("#Input_DisplayName", "Ada Admin");
        await page.FillAsync("#Input_Password", ConsoleTestBase.AdminPassword);
        await page.FillAsync("#Input_ConfirmPassword", ConsoleTestBase.AdminPassword);
        await page.ClickAsync("#setup-form button[type=submit]");
    }

    /// <summary>
    /// Data for the console's pages, made as a user's tools would: a webhook nobody listens at (its
    /// notifications wait in the log, retrying) that every new job notifies, and real Duplicati
    /// reports of server "vm" (a success, and a failure with a long error). Returns the channel's id
    /// and the reports' key.
    /// </summary>
    public async Task<(string Channel, string Key)> ReportJobsNotifyingADeadWebhookAsync()
    {
        var api = new Api.ApiClient(App.CreateClient(), await Api.ApiClient.CreateTokenAsync(App, NotifyOrleans.Infrastructure.Access.ApiAccess.ReadWrite));
        var created = await api.SendAsync("POST", "/api/v1/channels", """{"name":"Ops webhook","kind":"webhook","settings":{"url":"http://127.0.0.1:9/hook"}}""");
        var channel = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await api.SendAsync("PUT", "/api/v1/settings/job-defaults", $$"""{"assignments":[{"channel":"{{channel}}","when":["always"]}]}""")).EnsureSuccessStatusCode();
        var key = await Api.ApiClient.CreateIngestKeyAsync(App, "vm");
        foreach (var folder in new[] { "01-success", "04-fail-missing-source" }) await ReportAsync(key, folder);
        return (channel, key);
    }

    /// <summary>A real Duplicati report, as Duplicati posts it.</summary>
    public async Task ReportAsync(string key, string folder)
    {
        using var reporter = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        (await reporter.PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent(folder))).EnsureSuccessStatusCode();
    }

    /// <summary>Every page of the console an admin reaches from the menu, and a job's, a channel's, an event's and a template's own.</summary>
    public static string[] ConsolePages(string jobPage, string channel) =>
    [
        "/", "/Jobs", jobPage, "/Deliveries", "/Servers", "/Tokens", "/Channels", $"/Channels/Edit/{channel}", "/Notifications",
        "/SystemNotifications", "/SystemNotifications/Event?type=user-login", "/Templates", "/Templates/Edit?type=backup.failure", "/Users", "/Users/Create",
        "/ConfigurationBackup", "/Events", "/Account/Notifications", "/Identity/Account/Manage",
    ];

    /// <summary>
    /// From the next page on, records what is put into the live region of confirmations (#toasts)
    /// after the page has loaded: what a screen reader reads out. What the page had at load it does not.
    /// </summary>
    public static Task RecordAnnouncementsAsync(IPage page) => page.AddInitScriptAsync("""
        window.announced = [];
        document.addEventListener("DOMContentLoaded", () => new MutationObserver(changes => changes.forEach(change =>
            change.addedNodes.forEach(node => window.announced.push(node.textContent.trim()))))
            .observe(document.getElementById("toasts"), { childList: true }));
        """);

    /// <summary>Waits until a confirmation that starts with <paramref name="start"/> has been announced (see <see cref="RecordAnnouncementsAsync"/>).</summary>
    public static Task WaitForAnnouncementAsync(IPage page, string start) =>
        page.WaitForFunctionAsync("start => (window.announced || []).some(text => text.startsWith(start))", start, new() { Timeout = 5000 });

    /// <summary>
    /// Waits for a confirmation, then for its page's scripts to have run. A confirmation after a
    /// form's redirect is in the page's HTML before the scripts at its end, and a click on an htmx
    /// button before htmx has run does nothing (a test that clicked Test right after "template saved"
    /// waited 15 s for an answer that was never asked for). The document's own state is read, as
    /// Playwright's WaitForLoadState sometimes missed a load that had already happened.
    /// </summary>
    public static async Task ExpectToastAsync(IPage page, string text)
    {
        await Assertions.Expect(page.Locator("#toasts")).ToContainTextAsync(text);
        await WaitForScriptsAsync(page);
    }

    /// <summary>Waits until the page's scripts have run, so that its htmx parts answer (see <see cref="ExpectToastAsync"/>).</summary>
    public static Task WaitForScriptsAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.readyState !== 'loading' && window.htmx !== undefined");

    public async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ArtifactsDirectory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _app.Dispose();
    }
}
