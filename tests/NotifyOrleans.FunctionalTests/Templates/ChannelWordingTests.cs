using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Templates;

/// <summary>
/// A kind of channel's own wording of an event, as an admin writes it in the editor: an Email
/// wording with its HTML body reaches a real SMTP server, a Discord wording with its own embed
/// fields reaches the fake Discord, and the other kinds keep the template for all channels.
/// Nothing that cannot work is saved; reset gives a kind the shared template back.
/// </summary>
public abstract class ChannelWordingTests(DatabaseProvider provider) : ConsoleTestBase(provider), IAsyncLifetime
{
    private const string Shared = "/Templates/Edit?type=backup.failure";
    private const string EmailPage = Shared + "&channel=email";
    private const string DiscordPage = Shared + "&channel=discord";

    private readonly FakeDiscord _discord = new();

    public Task InitializeAsync() => _discord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private static Dictionary<string, string> Wording(string title, string body, string htmlBody = "", string fields = "") => new()
    {
        ["Input.Title"] = title, ["Input.Body"] = body, ["Input.Priority"] = "5", ["Input.Tags"] = "rotating_light",
        ["Input.HtmlBody"] = htmlBody, ["Input.Fields"] = fields,
    };

    private Task<int> VersionsAsync() => QueryAsync(db => db.TemplateVersions.CountAsync(t => t.EventType == EventTypes.BackupFailure));

    [Fact]
    public async Task Email_and_Discord_send_their_own_wording_and_the_stored_notice_keeps_the_shared_one()
    {
        var admin = await SetUpAdminAsync();
        await using var smtp = await SmtpServer.StartAsync("plain", auth: false);
        var harness = new DeliveryHarness(App);
        var mail = await harness.AddMailChannelAsync(smtp);
        var chat = await harness.AddChannelAsync("Chat", new DiscordSettings { WebhookUrl = _discord.CreateWebhook() });
        var api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        await api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly",
            $$"""{"assignments":[{"channel":"{{mail}}","when":["failure"]},{"channel":"{{chat}}","when":["failure"]}]}""");

        var email = await admin.SubmitAsync(EmailPage, Wording("MAIL: {{backupName}} failed", "Text part: {{backupName}}",
            htmlBody: "<p>Failed: <b>{{backupName}}</b>, {{errorDetails}}</p>"), "#template-form");
        var discord = await admin.SubmitAsync(DiscordPage, Wording("CHAT: {{backupName}}", "Look at {{serverName}}",
            fields: "Machine = {{serverName}}\nFiles = {{fileCount}}\nExpected = {{expectedAt}}"), "#template-form");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var report = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}", new StringContent(
            """{"server":"nas-01","job":"nightly","status":"failure","fileCount":12,"message":"<disk> full"}""", Encoding.UTF8, "application/json"));
        await DeliveryHarness.EventuallyAsync(async () =>
        {
            await harness.DispatchOnceAsync();
            return smtp.Messages().Count == 1 && _discord.Embeds.Count == 1;
        }, TimeSpan.FromSeconds(30), "the email and the Discord embed");

        Assert.Equal(HttpStatusCode.Redirect, email.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, discord.StatusCode);
        Assert.True(report.IsSuccessStatusCode);
        var sent = smtp.Messages()[0];
        Assert.Equal("MAIL: nightly failed", sent.Subject);
        Assert.Contains("<p>Failed: <b>nightly</b>, &lt;disk&gt; full</p>", sent.Html); // the admin's HTML, the values escaped
        Assert.Contains("Text part: nightly", sent.Text);
        var embed = _discord.Embeds[0];
        Assert.Equal("CHAT: nightly", (string?)embed["title"]);
        Assert.StartsWith("Look at nas-01", (string?)embed["description"]);
        var fields = embed["fields"]!.AsArray().Select(f => $"{f!["name"]}={f["value"]}").ToList();
        Assert.Equal(["Machine=nas-01", "Files=12"], fields); // Expected rendered empty on a failure: left out
        var stored = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.JobKey == "nas-01/nightly").Select(r => r.Title).Distinct().ToListAsync());
        Assert.Equal(["❌ Backup nightly on nas-01 failed"], stored); // the shared wording: what the delivery log and other kinds show
    }

    [Fact]
    public async Task A_wording_that_cannot_work_is_refused_at_its_field_and_nothing_is_saved()
    {
        var admin = await SetUpAdminAsync();

        var badField = await FormClient.ParseAsync(await admin.SubmitAsync(DiscordPage,
            Wording("ok", "ok", fields: "Server = {{serverName}}\nno equals sign here"), "#template-form"));
        var badValue = await FormClient.ParseAsync(await admin.SubmitAsync(DiscordPage,
            Wording("ok", "ok", fields: "Server = {{servername}}"), "#template-form"));
        var badHtml = await FormClient.ParseAsync(await admin.SubmitAsync(EmailPage,
            Wording("ok", "ok", htmlBody: "<p>{{#if backupName}}open</p>"), "#template-form"));

        Assert.Contains("Line 2: write the field's name", badField.QuerySelector("[data-field-error='Input.Fields']")!.TextContent);
        Assert.Contains("Line 1 (Server): Unknown variable \"servername\"", badValue.QuerySelector("[data-field-error='Input.Fields']")!.TextContent);
        Assert.Contains("Syntax error", badHtml.QuerySelector("[data-field-error='Input.HtmlBody']")!.TextContent);
        Assert.Contains("HTML body", badHtml.QuerySelector("#preview-problems")!.TextContent);
        Assert.Equal(0, await VersionsAsync());
    }

    [Fact]
    public async Task Each_kind_has_its_own_history_and_reset_gives_it_the_shared_template_back()
    {
        var admin = await SetUpAdminAsync();
        await admin.SubmitAsync(Shared, Wording("Shared {{backupName}}", "shared text"), "#template-form");
        await admin.SubmitAsync(DiscordPage, Wording("Discord {{backupName}}", "discord text"), "#template-form");
        var discordPage = await admin.GetDocumentAsync(DiscordPage);
        var list = await admin.GetDocumentAsync("/Templates");

        var reset = await admin.SubmitAsync(DiscordPage, new Dictionary<string, string>(), "#reset-form");
        var afterReset = await admin.GetDocumentAsync(DiscordPage);
        var sharedPage = await admin.GetDocumentAsync(Shared);
        var emailPage = await admin.GetDocumentAsync(EmailPage);

        Assert.Equal("Discord {{backupName}}", discordPage.QuerySelector<IHtmlInputElement>("#Input_Title")!.Value);
        Assert.Equal(["2"], discordPage.QuerySelectorAll("#history tr[data-version]").Select(r => r.GetAttribute("data-version")).ToList());
        // Its first version's changes are from the template for all channels of its day, not from the built-in one.
        Assert.Equal(["- Title: Shared {{backupName}}", "- shared text", "+ Title: Discord {{backupName}}", "+ discord text"],
            discordPage.QuerySelectorAll("#history tr[data-version='2'] .diff span").Select(line => line.TextContent.Trim()).ToList());
        Assert.NotNull(discordPage.QuerySelector("#history-numbering"));
        Assert.NotNull(discordPage.QuerySelector("#Input_Fields"));
        Assert.Null(discordPage.QuerySelector("#Input_Priority")); // ntfy's, not Discord's
        Assert.Contains("Own wording: Discord", list.QuerySelector("tr[data-event-type='backup.failure'] [data-worded]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Contains("Discord uses the template for all channels", afterReset.QuerySelector("#template-state")!.TextContent);
        Assert.Equal("Shared {{backupName}}", afterReset.QuerySelector<IHtmlInputElement>("#Input_Title")!.Value); // starts from the shared one
        Assert.Contains("Back to the template for all channels", afterReset.QuerySelector("#history tr[data-version='3']")!.TextContent);
        Assert.Equal(["1"], sharedPage.QuerySelectorAll("#history tr[data-version]").Select(r => r.GetAttribute("data-version")).ToList());
        Assert.Equal("Shared {{backupName}}", emailPage.QuerySelector<IHtmlInputElement>("#Input_Title")!.Value); // Email never had its own
        Assert.NotNull(emailPage.QuerySelector("#Input_HtmlBody"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync(Shared + "&channel=pager")).StatusCode);
    }
}

public sealed class ChannelWordingTestsOnSqlite() : ChannelWordingTests(DatabaseProvider.Sqlite);
// SQLite only: what is rendered does not depend on the database; saving one is tested on both databases (ConfigurationBackupTests).
