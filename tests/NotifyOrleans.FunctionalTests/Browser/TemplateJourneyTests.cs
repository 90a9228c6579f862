using Microsoft.Playwright;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Email;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>
/// In Chromium: the admin edits the Backup failed template and watches the preview follow each
/// keystroke, is stopped by a misspelt variable before saving, saves, tests it through a real
/// SMTP server, and restores the built-in wording from the history. Then gives Discord its own
/// wording with embed fields and the email an HTML body, and sends that email for real.
/// </summary>
public sealed class TemplateJourneyTests(ITestOutputHelper output) : IAsyncLifetime
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

    /// <summary>A signed-in admin, and an Email channel "Ops mail" to the real SMTP server for Test.</summary>
    private async Task<IPage> AdminWithOpsMailAsync()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        await new DeliveryHarness(_session.App).AddChannelAsync("Ops mail", new EmailSettings
        {
            Host = "localhost", Port = _smtp.Port, Security = SmtpSecurity.None, From = "hub@example.test", To = "ops@example.test",
        });
        return page;
    }

    [Fact]
    public async Task Live_preview_a_refused_typo_a_saved_version_a_test_email_and_a_restore()
    {
        var page = await AdminWithOpsMailAsync();

        await page.GotoAsync("/Templates");
        await page.ClickAsync("tr[data-event-type='backup.failure'] a");
        await Expect(page.Locator("#preview-subject")).ToHaveTextAsync("❌ Backup Documents on nas-01 failed");
        // Looking at the ntfy tab while typing: each redrawn preview below stays on it.
        await page.ClickAsync("button[data-bs-target='#preview-ntfy']");

        await page.FillAsync("#Input_Title", "Backup {{bakupName}} broke");
        await Expect(page.Locator("#preview-problems")).ToContainTextAsync("Unknown variable \"bakupName\"");
        // Screen readers hear the problem in one line, not the whole preview at each pause in typing.
        await Expect(page.Locator("#announcer")).ToContainTextAsync("This template cannot be saved: Unknown variable \"bakupName\"");
        Assert.Null(await page.Locator("#preview").GetAttributeAsync("aria-live"));
        await _session.ScreenshotAsync(page, "54-template-typo");
        await page.ClickAsync("#save-template");
        await Expect(page.Locator("[data-field-error='Input.Title']")).ToContainTextAsync("Unknown variable \"bakupName\"");
        await Expect(page.Locator("#no-history")).ToBeVisibleAsync(); // nothing was saved

        await page.FillAsync("#Input_Title", "Backup {{backupName}} on {{serverName}} broke");
        await Expect(page.Locator("#preview-subject")).ToHaveTextAsync("Backup Documents on nas-01 broke");
        await Expect(page.Locator("button[data-bs-target='#preview-ntfy']")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("#preview-ntfy")).ToBeVisibleAsync();
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("The template is valid; the preview is updated.");
        // The Save's error under the field goes with the typo, not at the next Save.
        await Expect(page.Locator("[data-field-error='Input.Title']")).ToBeEmptyAsync();
        await Expect(page.Locator("#Input_Title")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-invalid"));
        await page.ClickAsync("#save-template");
        await BrowserSession.ExpectToastAsync(page, "template saved");
        await Expect(page.Locator("#history tr[data-version='1']")).ToContainTextAsync("+ Title: Backup {{backupName}} on {{serverName}} broke");
        await _session.ScreenshotAsync(page, "55-template-saved");
        await page.ClickAsync("#save-template"); // saved again as it is: nothing to keep a version of
        await BrowserSession.ExpectToastAsync(page, "nothing changed, so no new version was saved");
        await Expect(page.Locator("#history tr[data-version]")).ToHaveCountAsync(1);

        await page.ClickAsync("#test-template");
        await Expect(page.Locator("#template-test-outcome")).ToContainTextAsync("Sent through Ops mail");
        Assert.Equal("[Test] Backup Documents on nas-01 broke", Assert.Single(_smtp.Messages()).Subject);

        await page.ClickAsync("#reset-template");
        await Expect(page.Locator("#template-state")).ToHaveTextAsync("The built-in template");
        await page.ClickAsync("#history [data-restore='1']");
        await BrowserSession.ExpectToastAsync(page, "version 1 restored");
        await Expect(page.Locator("#Input_Title")).ToHaveValueAsync("Backup {{backupName}} on {{serverName}} broke");
        await _session.ScreenshotAsync(page, "56-template-history");
    }

    [Fact]
    public async Task Discord_gets_its_own_fields_and_the_email_its_own_HTML_each_previewed_live_and_the_email_sent()
    {
        var page = await AdminWithOpsMailAsync();

        await page.GotoAsync("/Templates/Edit?type=backup.failure");
        await page.ClickAsync("#wordings [data-wording='discord']");
        await Expect(page.Locator("#template-state")).ToHaveTextAsync("Discord uses the template for all channels");
        await BrowserSession.WaitForScriptsAsync(page); // typing is previewed through htmx
        await page.FillAsync("#Input_Fields", "Machine = {{serverName}}\nProblem = {{erorDetails}}");
        await Expect(page.Locator("#preview-problems")).ToContainTextAsync("Line 2 (Problem): Unknown variable \"erorDetails\"");
        await page.FillAsync("#Input_Fields", "Machine = {{serverName}}\nProblem = {{errorDetails}}");
        await Expect(page.Locator("#preview-discord [data-preview-field='Problem']")).ToContainTextAsync("Insufficient Storage");
        await page.ClickAsync("#save-template");
        await BrowserSession.ExpectToastAsync(page, "Backup failed (and its repeats), for Discord: template saved");
        await Expect(page.Locator("#wordings [data-wording='discord']")).ToContainTextAsync("own");
        await _session.ScreenshotAsync(page, "61-template-discord-wording");

        await page.ClickAsync("#wordings [data-wording='email']");
        // The email's page has loaded (as for Discord's above): typed sooner, the title went into the page being left.
        await Expect(page.Locator("#template-state")).ToHaveTextAsync("Email uses the template for all channels");
        await BrowserSession.WaitForScriptsAsync(page); // typing is previewed through htmx
        await page.FillAsync("#Input_Title", "Backup {{backupName}} needs you");
        await page.FillAsync("#Input_HtmlBody", "<p style=\"color:#b00\">The backup <b>{{backupName}}</b> failed: {{errorDetails}}</p>");
        await Expect(page.FrameLocator("#preview-email iframe").Locator("p b")).ToHaveTextAsync("Documents");
        await page.ClickAsync("#save-template");
        await BrowserSession.ExpectToastAsync(page, "for Email: template saved");
        await page.ClickAsync("#test-template");
        await Expect(page.Locator("#template-test-outcome")).ToContainTextAsync("Sent through Ops mail");
        await _session.ScreenshotAsync(page, "62-template-email-wording");
        var sent = Assert.Single(_smtp.Messages());
        Assert.Equal("[Test] Backup Documents needs you", sent.Subject); // the email wording's own title, marked as a test
        Assert.Contains("<b>Documents</b> failed: The remote server returned an error", sent.Html);

        await page.GotoAsync("/Templates");
        await Expect(page.Locator("tr[data-event-type='backup.failure'] [data-worded]")).ToHaveTextAsync("Own wording: Email, Discord");
    }
}
