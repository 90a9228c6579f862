using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NotifyOrleans.Infrastructure.SystemEvents;
using static Microsoft.Playwright.Assertions;
using NotifyOrleans.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>The console as a person uses it, in Chromium. Screenshots land in tests/**/artifacts/screenshots.</summary>
public sealed class ConsoleJourneyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(output);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task First_run_login_creating_a_member_and_the_members_403()
    {
        var page = await _session.NewPageAsync(timeZone: "America/New_York");

        // A brand-new installation leads to the first-run page.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/Setup$"));
        await Expect(page.Locator("#Input_TimeZoneId")).ToHaveValueAsync("America/New_York"); // the browser's, offered
        await Expect(page.Locator("#browser-zone-note")).ToHaveTextAsync("Your browser's time zone, America/New_York, is filled in: press \u201CCreate admin and sign in\u201D to use it."); // the form's own button; no "times show in UTC" on a page that shows none
        await _session.ScreenshotAsync(page, "01-first-run");

        // Bad input is answered next to the field.
        await page.FillAsync("#Input_Email", "not-an-email");
        await page.FillAsync("#Input_Password", "short");
        await page.ClickAsync("#setup-form button[type=submit]");
        await Expect(page.Locator("[data-field-error='Input.Email']")).ToContainTextAsync("valid email");
        await Expect(page.Locator("[data-field-error='Input.DisplayName']")).ToBeEmptyAsync(); // optional: the email's name stands in
        await Expect(page.Locator("[data-field-error='Input.Password']")).ToContainTextAsync("at least 10");
        // Screen readers hear it too: the field says it was refused and is described by its message.
        await Expect(page.Locator("#Input_Password")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#Input_Password")).ToHaveAttributeAsync("aria-describedby", new Regex("^Input_Password_error"));
        await _session.ScreenshotAsync(page, "02-first-run-errors");

        await BrowserSession.SetUpAdminAsync(page);
        await Expect(page.Locator("#nothing-monitored")).ToBeVisibleAsync();
        await _session.ScreenshotAsync(page, "03-dashboard-empty");

        // Log out, log in again with the form.
        await page.ClickAsync("#logout");
        await Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/Login"));
        await LogInAsync(page, ConsoleTestBase.AdminEmail, ConsoleTestBase.AdminPassword);
        await Expect(page.Locator("#who")).ToContainTextAsync("Admin");

        // Create a Member.
        await page.ClickAsync("nav >> text=Users");
        await page.ClickAsync("#add-user");
        await FillNewMemberAsync(page);
        await _session.ScreenshotAsync(page, "04-add-user");
        await page.ClickAsync("#create-user-form button[type=submit]");
        await Expect(page.Locator($"tr[data-user='{ConsoleTestBase.MemberEmail}']")).ToContainTextAsync("Member");
        await _session.ScreenshotAsync(page, "05-users");

        // The events page shows the login (with the real client address) and the created users.
        await page.ClickAsync("nav >> text=Events");
        var login = page.Locator("tr[data-event-type='UserLogin']").First;
        await Expect(login).ToContainTextAsync("127.0.0.1");
        await Expect(login).ToContainTextAsync("HeadlessChrome");
        await Expect(page.Locator("tr[data-event-type='UserCreated']")).ToHaveCountAsync(2);
        await _session.ScreenshotAsync(page, "06-events");

        // The Member logs in and is refused an admin page with a real 403.
        await page.ClickAsync("#logout");
        await LogInAsync(page, ConsoleTestBase.MemberEmail, ConsoleTestBase.MemberPassword);
        await Expect(page.Locator("#who")).ToContainTextAsync("Member");
        await Expect(page.Locator("nav a[href='/Users']")).ToHaveCountAsync(0);
        await _session.ScreenshotAsync(page, "07-member-dashboard");
        var forbidden = await page.GotoAsync("/Users");
        Assert.Equal(403, forbidden!.Status);
        await Expect(page.Locator("main")).ToContainTextAsync("You don't have access");
        await _session.ScreenshotAsync(page, "08-member-403");

        // The Member's own preferences: the zone Add user gave them (the admin's own, the browser's at Setup), chosen already.
        await page.GotoAsync("/Account/Notifications");
        await Expect(page.Locator("#Input_TimeZoneId")).ToHaveValueAsync("America/New_York");
        await Expect(page.Locator("#browser-zone-note")).ToHaveCountAsync(0);
        await page.SelectOptionAsync("#Input_TimeZoneId", "Europe/Berlin");
        await page.UncheckAsync("#Input_EmailOnOwnLogin");
        await page.ClickAsync("#preferences-form button[type=submit]");
        await BrowserSession.ExpectToastAsync(page, "saved");
        await Expect(page.Locator("#Input_TimeZoneId")).ToHaveValueAsync("Europe/Berlin");
        await Expect(page.Locator("#browser-zone-note")).ToHaveCountAsync(0); // saved: their choice stands
        await _session.ScreenshotAsync(page, "09-my-notifications");

        Assert.Empty(_session.Problems);
    }

    [Fact]
    public async Task A_long_form_sent_back_with_an_error_comes_back_at_the_field_in_error_not_at_its_top()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        await page.GotoAsync("/Notifications");

        await page.FillAsync("#Quiet_To", "06:00"); // the end without the start, far down the page
        await page.GetByRole(AriaRole.Button, new() { Name = "Save defaults" }).ClickAsync();

        var inError = page.Locator("main input.is-invalid").First;
        await Expect(page.Locator("main")).ToContainTextAsync("Give both the start and the end, or neither.");
        await Expect(inError).ToBeFocusedAsync();
        await Expect(inError).ToBeInViewportAsync(); // it looked saved when it came back at the top
        await _session.ScreenshotAsync(page, "notifications-not-saved");
    }

    [Fact]
    public async Task An_admin_disables_a_user_from_the_list_without_a_page_reload()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        await page.GotoAsync("/Users/Create");
        await FillNewMemberAsync(page);
        await page.ClickAsync("#create-user-form button[type=submit]");
        await BrowserSession.ExpectToastAsync(page, $"{ConsoleTestBase.MemberEmail} can now log in.");

        // htmx posts with the antiforgery header and swaps the table in place.
        var row = page.Locator($"tr[data-user='{ConsoleTestBase.MemberEmail}']");
        await page.EvaluateAsync("window.__notReloaded = true");
        await row.Locator("button", new() { HasText = "Disable" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Disabled");
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"));
        await BrowserSession.ExpectToastAsync(page, "disabled");
        await _session.ScreenshotAsync(page, "10-user-disabled");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await row.Locator("button", new() { HasText = "Delete" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        Assert.Empty(_session.Problems);
    }

    [Fact]
    public async Task Account_pages_from_identity_render_in_the_console_layout()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);

        await page.GotoAsync("/Identity/Account/Manage/EnableAuthenticator");
        await Expect(page.Locator(".app-sidebar")).ToBeVisibleAsync();
        await Expect(page.Locator("#qrCode svg")).ToBeVisibleAsync();
        await _session.ScreenshotAsync(page, "11-two-factor-setup");

        await page.GotoAsync("/Identity/Account/Manage/ChangePassword");
        await Expect(page.Locator("#change-password-form")).ToBeVisibleAsync();
        await _session.ScreenshotAsync(page, "12-change-password");

        // The profile: the display name, saved with a confirmation.
        await page.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
        await page.GetByLabel("Display name").FillAsync("Ada Lovelace");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await BrowserSession.ExpectToastAsync(page, "Your display name is saved.");
        await Expect(page.GetByLabel("Display name")).ToHaveValueAsync("Ada Lovelace");
        await Expect(page.Locator("#who")).ToContainTextAsync("Ada Lovelace"); // the top bar at once, not after the next sign-in
        await _session.ScreenshotAsync(page, "12b-profile");

        Assert.Empty(_session.Problems);
    }

    [Fact]
    public async Task An_admin_opens_the_cluster_page_and_sees_this_node_as_an_active_silo()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Cluster", Exact = true }).ClickAsync();

        // Orleans' dashboard, in the console: the menu stays beside it.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Cluster$"));
        await Expect(page.Locator("#main-nav a[aria-current=page]")).ToHaveTextAsync("Cluster");
        await Expect(page.FrameLocator("#cluster-dashboard").Locator("body")).ToContainTextAsync("Active", new() { Timeout = 20_000 });
        await _session.ScreenshotAsync(page, "13-cluster");
        Assert.Empty(_session.Problems);
    }

    [Fact]
    public async Task An_admin_dismisses_the_System_Error_banner_and_it_stays_away_until_a_newer_error()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        var faults = _session.App.Services.GetRequiredService<FaultReporter>();
        var delivery = new DeliveryHarness(_session.App);
        await faults.ReportAsync("Delivering notifications", new InvalidOperationException("the disk is full"));
        await delivery.RouteAndDispatchAsync();

        await page.GotoAsync("/Jobs");
        var banner = page.Locator("#system-error-banner");
        await Expect(banner).ToContainTextAsync("the disk is full");
        await _session.ScreenshotAsync(page, "58-system-error-banner");
        await banner.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(banner).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
        await Expect(banner).ToHaveCountAsync(0);

        await faults.ReportAsync("Sending system notifications", new InvalidOperationException("the disk is still full: " + string.Concat(Enumerable.Repeat("No space left on device while writing the log. ", 12))));
        await delivery.RouteAndDispatchAsync();
        await page.ReloadAsync();
        await Expect(banner).ToContainTextAsync("the disk is still full");
        // On a phone a long error keeps to a few lines, and the page's heading stays in the first screen.
        await page.SetViewportSizeAsync(390, 844);
        await _session.ScreenshotAsync(page, "59-system-error-banner-phone");
        Assert.InRange((await banner.BoundingBoxAsync())!.Height, 40, 260);
        await Expect(page.Locator("h1")).ToBeInViewportAsync();
        Assert.Empty(_session.Problems);
    }

    [Fact]
    public async Task The_theme_switch_turns_the_console_dark_and_this_browser_keeps_the_choice()
    {
        var page = await _session.NewPageAsync(); // a system that asks for light
        await BrowserSession.SetUpAdminAsync(page);
        await _session.ReportJobsNotifyingADeadWebhookAsync();
        const string darkPage = "rgb(13, 17, 23)";

        Assert.Equal("light", await page.GetAttributeAsync("html", "data-bs-theme"));
        await page.SelectOptionAsync("#color-mode", "dark");
        Assert.Equal("dark", await page.GetAttributeAsync("html", "data-bs-theme"));
        Assert.Equal(darkPage, await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));

        // The next page opens dark, and its charts draw their axes in the dark mode's text colour.
        await page.GotoAsync("/Jobs");
        await page.Locator("tr[data-job='vm/anchor-test'] a").ClickAsync();
        await Expect(page.Locator("#chart-duration")).ToBeVisibleAsync();
        Assert.Equal("dark", await page.GetAttributeAsync("html", "data-bs-theme"));
        // The switch shows the choice once the page has loaded (color-mode.js, on DOMContentLoaded),
        // and the chart exists once job-charts.js has drawn it: the page may still be parsing here.
        await Expect(page.Locator("#color-mode")).ToHaveValueAsync("dark");
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart('chart-duration') !== undefined");
        Assert.Equal(await page.EvaluateAsync<string>("getComputedStyle(document.documentElement).getPropertyValue('--bs-secondary-color').trim()"),
            await page.EvaluateAsync<string>("Chart.getChart('chart-duration').options.scales.y.ticks.color"));
        await _session.ScreenshotAsync(page, "34-dark-job-page");
        // The size axis in the unit its largest value reads from 1 in (not 0.005 MB for a small backup).
        var largestSize = await page.EvaluateAsync<double>("Math.max(...Chart.getChart('chart-size').data.datasets[0].data.filter(v => v !== null))");
        Assert.InRange(largestSize, 1, 1024);

        await page.SelectOptionAsync("#color-mode", "auto");
        Assert.Equal("light", await page.GetAttributeAsync("html", "data-bs-theme"));
        Assert.Equal("#595f66", await page.EvaluateAsync<string>("Chart.getChart('chart-duration').options.scales.y.ticks.color"));
        Assert.Empty(_session.Problems);
    }

    [Fact]
    public async Task An_admin_deletes_a_job_from_its_page_after_saying_yes()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        await _session.ReportJobsNotifyingADeadWebhookAsync();
        await page.GotoAsync("/Jobs");
        await page.Locator("tr[data-job='vm/anchor-test'] a").ClickAsync();
        var otherTab = await page.Context.NewPageAsync(); // the same job open in a second tab
        await otherTab.GotoAsync(page.Url);

        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            if (asked.Contains("anchor-test")) await dialog.AcceptAsync(); else await dialog.DismissAsync();
        };
        await page.ClickAsync("#delete-job");

        await Expect(page.Locator("main h1")).ToHaveTextAsync("Jobs");
        await BrowserSession.ExpectToastAsync(page, "vm / anchor-test deleted, with its history.");
        await Expect(page.Locator("tr[data-job='vm/anchor-test']")).ToHaveCountAsync(0);
        Assert.Equal("Delete vm / anchor-test with its history? This cannot be undone.", asked);
        // The other tab's poll (every 5 s) says so, rather than offering to reload a page that is gone.
        await Expect(otherTab.Locator("#job-changed")).ToContainTextAsync("This job was deleted", new() { Timeout = 15_000 });
        Assert.Empty(_session.Problems);
    }

    private static async Task FillNewMemberAsync(IPage page)
    {
        await page.FillAsync("#Input_Email", ConsoleTestBase.MemberEmail);
        await page.FillAsync("#Input_DisplayName", "Max Member");
        await page.SelectOptionAsync("#Input_Role", "Member");
        await page.FillAsync("#Input_Password", ConsoleTestBase.MemberPassword);
        await page.FillAsync("#Input_ConfirmPassword", ConsoleTestBase.MemberPassword);
    }

    [Fact]
    public async Task Someone_made_on_the_command_line_is_offered_their_browsers_zone_on_my_notifications()
    {
        var admin = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(admin);
        // As ./run.sh users create makes them: no zone chosen (no browser to take it from).
        using (var scope = _session.App.Services.CreateScope())
        {
            var (result, _) = await scope.ServiceProvider.GetRequiredService<NotifyOrleans.Web.Users.UserAccounts>().CreateAsync(
                ConsoleTestBase.MemberEmail, "Cli Member", ConsoleTestBase.MemberPassword, NotifyOrleans.Infrastructure.Identity.Roles.Member,
                timeZoneId: null, NotifyOrleans.Infrastructure.SystemEvents.EventOrigin.CommandLine, CancellationToken.None);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        }

        var page = await _session.NewPageAsync(timeZone: "Asia/Tokyo");
        await page.GotoAsync("/Identity/Account/Login");
        await LogInAsync(page, ConsoleTestBase.MemberEmail, ConsoleTestBase.MemberPassword);
        await page.GotoAsync("/Account/Notifications");

        await Expect(page.Locator("#Input_TimeZoneId")).ToHaveValueAsync("Asia/Tokyo");
        await Expect(page.Locator("#browser-zone-note")).ToHaveTextAsync("Your browser's time zone, Asia/Tokyo, is filled in: press \u201CSave\u201D to use it. Until then times show in UTC.");
        await page.ClickAsync("#preferences-form button[type=submit]");
        await BrowserSession.ExpectToastAsync(page, "saved");
        await Expect(page.Locator("#browser-zone-note")).ToHaveCountAsync(0); // saved: theirs now
        await Expect(page.Locator("#Input_TimeZoneId")).ToHaveValueAsync("Asia/Tokyo");
        Assert.Empty(_session.Problems);
    }

    private static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", password);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#who")).ToBeVisibleAsync();
    }
}
