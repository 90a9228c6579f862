using Microsoft.Playwright;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>An admin adds one channel of each kind in Chromium and presses Test on each.</summary>
public sealed class ChannelJourneyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private BrowserSession _session = null!;
    private readonly FakeDiscord _discord = new();
    private readonly FakeNtfy _ntfy = new();
    private readonly FakeWebhookReceiver _receiver = new();
    private readonly FakeTelegram _telegram = new();
    private SmtpServer _smtp = null!;

    public async Task InitializeAsync()
    {
        _session = await BrowserSession.StartAsync(output);
        await _discord.StartAsync();
        await _ntfy.StartAsync();
        await _receiver.StartAsync();
        await _telegram.StartAsync();
        _smtp = await SmtpServer.StartAsync("starttls", auth: true);
    }

    public async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        await _discord.DisposeAsync();
        await _ntfy.DisposeAsync();
        await _receiver.DisposeAsync();
        await _telegram.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Each_channel_kind_is_added_and_tested_with_its_result_shown_in_the_page()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);

        await AddAsync(page, "Email", "Ops mail", async () =>
        {
            await page.FillAsync("#Settings_Host", "localhost");
            // The port follows the security while it is a standard one; a typed port stays.
            await page.SelectOptionAsync("#Settings_Security", "Ssl");
            await Expect(page.Locator("#Settings_Port")).ToHaveValueAsync("465");
            await page.SelectOptionAsync("#Settings_Security", "None");
            await Expect(page.Locator("#Settings_Port")).ToHaveValueAsync("25");
            await page.FillAsync("#Settings_Port", _smtp.Port.ToString());
            await page.SelectOptionAsync("#Settings_Security", "StartTls");
            await Expect(page.Locator("#Settings_Port")).ToHaveValueAsync(_smtp.Port.ToString());
            await page.FillAsync("#Settings_Username", SmtpServer.User);
            await page.FillAsync("#Settings_Password", SmtpServer.Password);
            await page.FillAsync("#Settings_From", "backups@example.test");
            await page.FillAsync("#Settings_To", "ops@example.test");
            await page.CheckAsync("#Settings_AllowUntrustedCertificate");
        }, "13-email-form");
        await AddAsync(page, "Discord", "Ops Discord", () => page.FillAsync("#Settings_WebhookUrl", _discord.CreateWebhook()), null);
        await AddAsync(page, "Ntfy", "Phone", async () =>
        {
            await page.FillAsync("#Settings_ServerUrl", _ntfy.BaseUrl);
            await page.FillAsync("#Settings_Topic", "backups");
        }, null);
        await AddAsync(page, "Webhook", "Automation", async () =>
        {
            // First as a person gets it wrong: both mistakes are named by their fields, and what was typed stays.
            await page.FillAsync("#Settings_Url", "ftp://example.test/hook");
            await page.FillAsync("#Settings_BodyTemplate", """{"text": {{title}} }""");
            await page.ClickAsync("#channel-form button[type=submit]");
            await Expect(page.Locator("[data-field-error='Settings.Url']")).ToContainTextAsync("full http(s) URL");
            await Expect(page.Locator("[data-field-error='Settings.BodyTemplate']")).ToContainTextAsync("goes inside quotes");
            await Expect(page.Locator("#Settings_BodyTemplate")).ToHaveValueAsync("""{"text": {{title}} }""");
            await _session.ScreenshotAsync(page, "13b-webhook-mistakes");
            await page.FillAsync("#Settings_Url", _receiver.BaseUrl + "/hook");
            await page.FillAsync("#Settings_BodyTemplate", """{"text": "{{title}}"}""");
        }, null);
        await AddAsync(page, "Discord", "Broken Discord", () => page.FillAsync("#Settings_WebhookUrl", _discord.BaseUrl + "/api/webhooks/1/deleted"), null);

        foreach (var name in new[] { "Ops mail", "Ops Discord", "Phone", "Automation" })
        {
            await page.Locator($"tr[data-channel='{name}'] button", new() { HasText = "Test" }).ClickAsync();
            await Expect(page.Locator($"[data-test-result='{name}'] [data-outcome]")).ToHaveAttributeAsync("data-outcome", "sent");
        }

        await page.Locator("tr[data-channel='Broken Discord'] button", new() { HasText = "Test" }).ClickAsync();
        await Expect(page.Locator("[data-test-result='Broken Discord']")).ToContainTextAsync("Unknown Webhook");
        // The status column follows the test without a reload (an out-of-band swap).
        await Expect(page.Locator("tr[data-channel='Broken Discord'] [data-health]")).ToHaveAttributeAsync("data-health", "failing");
        await _session.ScreenshotAsync(page, "14-channels-tested");

        Assert.Contains("Test notification", Assert.Single(_smtp.Messages()).Subject);
        Assert.Single(_discord.Embeds);
        Assert.Single(_ntfy.Messages);
        Assert.Single(_receiver.Received);
        Assert.Empty(_session.Problems);
    }

    [Fact]
    public async Task A_webhook_is_pointed_at_Telegram_by_choosing_it_and_its_refusal_is_shown_in_its_words()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        await page.GotoAsync("/Channels");
        await page.ClickAsync("#add-channel");
        await page.ClickAsync("[data-kind='Webhook']");
        await page.FillAsync("#Name", "Team chat");

        // A body someone wrote is not replaced unless they say so (Playwright dismisses the question).
        await page.FillAsync("#Settings_BodyTemplate", """{"text": "{{title}}"}""");
        await page.SelectOptionAsync("#webhook-preset", "slack");
        await Expect(page.Locator("#webhook-preset")).ToHaveValueAsync("own");
        await Expect(page.Locator("#Settings_BodyTemplate")).ToHaveValueAsync("""{"text": "{{title}}"}""");

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        // Gotify wants its token in a header: the empty Extra headers box shows the line to write.
        await page.SelectOptionAsync("#webhook-preset", "gotify");
        await Expect(page.Locator("#webhook-preset-help")).ToContainTextAsync("Extra headers: the line “X-Gotify-Key: …”, with the token of an application");
        await Expect(page.Locator("#Settings_Headers")).ToHaveAttributeAsync("placeholder", "X-Gotify-Key: …");
        await page.SelectOptionAsync("#webhook-preset", "telegram");
        await Expect(page.Locator("#Settings_Headers")).ToHaveAttributeAsync("placeholder", "");
        await Expect(page.Locator("#Settings_BodyTemplate")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"chat_id\": \"CHAT ID\""));
        await Expect(page.Locator("#webhook-preset-help")).ToContainTextAsync("https://api.telegram.org/bot{token}/sendMessage");
        await page.FillAsync("#Settings_Url", _telegram.SendMessageUrl);
        await _session.ScreenshotAsync(page, "13c-webhook-send-to-telegram");

        // CHAT ID left as it came is refused at its field; a chat the bot is not in, by Telegram at the Test.
        await page.ClickAsync("#channel-form button[type=submit]");
        await Expect(page.Locator("[data-field-error='Settings.BodyTemplate']")).ToContainTextAsync("Replace CHAT ID in the body with your own value");
        await page.FillAsync("#Settings_Url", _telegram.SendMessageUrl); // a secret field is not sent back to the browser
        var body = await page.InputValueAsync("#Settings_BodyTemplate");
        await page.FillAsync("#Settings_BodyTemplate", body.Replace("CHAT ID", "-100999"));
        await page.ClickAsync("#channel-form button[type=submit]");
        await BrowserSession.ExpectToastAsync(page, "Channel Team chat saved");
        await page.Locator("tr[data-channel='Team chat'] button", new() { HasText = "Test" }).ClickAsync();
        await Expect(page.Locator("[data-test-result='Team chat']")).ToContainTextAsync("Bad Request: chat not found");

        await page.Locator("tr[data-channel='Team chat'] a", new() { HasText = "Edit" }).ClickAsync();
        await Expect(page.Locator("#webhook-preset")).ToHaveValueAsync("telegram"); // a filled-in chat is still Telegram's body
        await page.FillAsync("#Settings_BodyTemplate", (await page.InputValueAsync("#Settings_BodyTemplate")).Replace("-100999", FakeTelegram.ChatId));
        await page.ClickAsync("#channel-form button[type=submit]");
        // The list after the save is the same page as before it, with the first Test's answer gone:
        // wait for the new one's scripts, or the click lands on a button htmx has not bound yet.
        await BrowserSession.ExpectToastAsync(page, "Channel Team chat saved");
        await page.Locator("tr[data-channel='Team chat'] button", new() { HasText = "Test" }).ClickAsync();
        await Expect(page.Locator("[data-test-result='Team chat'] [data-outcome]")).ToHaveAttributeAsync("data-outcome", "sent");

        Assert.StartsWith("🔔 Test notification", Assert.Single(_telegram.Messages).GetProperty("text").GetString());
        Assert.Empty(_session.Problems);
    }

    private async Task AddAsync(IPage page, string kind, string name, Func<Task> fill, string? screenshot)
    {
        await page.GotoAsync("/Channels");
        await page.ClickAsync("#add-channel");
        await page.ClickAsync($"[data-kind='{kind}']");
        await page.FillAsync("#Name", name);
        await fill();
        if (screenshot is not null) await _session.ScreenshotAsync(page, screenshot);
        await page.ClickAsync("#channel-form button[type=submit]");
        await BrowserSession.ExpectToastAsync(page, $"Channel {name} saved");
        await Expect(page.Locator($"tr[data-channel='{name}']")).ToBeVisibleAsync();
    }
}
