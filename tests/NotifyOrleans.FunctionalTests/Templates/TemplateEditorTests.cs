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
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Templates;

/// <summary>
/// The template editor as an admin uses it: a saved template is what the next notification says;
/// nothing invalid is ever saved (an unknown variable, a syntax error); every version is kept and
/// can be restored; reset brings the built-in one back; the preview and the Test show the draft.
/// </summary>
public abstract class TemplateEditorTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    private const string Page = "/Templates/Edit?type=backup.failure";

    private static Dictionary<string, string> Draft(string title, string body = "{{backupName}} failed: {{errorDetails}}", string priority = "5", string tags = "rotating_light") => new()
    {
        ["Input.Title"] = title, ["Input.Body"] = body, ["Input.Priority"] = priority, ["Input.Tags"] = tags,
    };

    private Task<int> VersionsAsync() => QueryAsync(db => db.TemplateVersions.CountAsync(t => t.EventType == EventTypes.BackupFailure));

    private async Task<HttpResponseMessage> HtmxAsync(FormClient admin, string handler, Dictionary<string, string> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Page}&handler={handler}") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", await admin.AntiforgeryTokenAsync(Page));
        return await admin.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_saved_template_is_what_the_next_failure_says_and_the_list_shows_it_customized()
    {
        var admin = await SetUpAdminAsync();
        var channel = await new DeliveryHarness(App).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });
        var api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        await api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly", $$"""{"assignments":[{"channel":"{{channel}}","when":["failure"]}]}""");

        var saved = await admin.SubmitAsync(Page, Draft("NIGHTLY FAILED: {{backupName}} on {{serverName}}", tags: "skull, backup"), "#template-form");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var report = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent("""{"server":"nas-01","job":"nightly","status":"failure"}""", Encoding.UTF8, "application/json"));
        var row = await QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(r => r.JobKey == "nas-01/nightly"));
        var list = await admin.GetDocumentAsync("/Templates");
        var editor = await admin.GetDocumentAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.True(report.IsSuccessStatusCode);
        Assert.Equal("NIGHTLY FAILED: nightly on nas-01", row.Title);
        Assert.Contains("\"tags\":[\"skull\",\"backup\"]", row.MessageJson);
        Assert.NotNull(list.QuerySelector("tr[data-event-type='backup.failure'] [data-customized]"));
        Assert.Null(list.QuerySelector("tr[data-event-type='backup.success'] [data-customized]"));
        Assert.Contains("version 1", editor.QuerySelector("#template-state")!.TextContent);
        Assert.Equal("NIGHTLY FAILED: {{backupName}} on {{serverName}}", editor.QuerySelector<IHtmlInputElement>("#Input_Title")!.Value);
    }

    [Fact]
    public async Task A_template_that_cannot_work_is_refused_at_its_field_and_nothing_is_saved()
    {
        var admin = await SetUpAdminAsync();
        (string Title, string Message)[] cases =
        [
            ("Backup {{bakupName}} failed", "Unknown variable \"bakupName\""),
            ("Backup {{#if backupName}}failed", "Syntax error"),
            ("Backup {{#each serverName}}x{{/each}}", "Unknown helper \"each\""),
            ("", "The title cannot be empty."),
        ];

        foreach (var (title, message) in cases)
        {
            var refused = await admin.SubmitAsync(Page, Draft(title), "#template-form");
            var page = await FormClient.ParseAsync(refused);

            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains(message, page.QuerySelector("[data-field-error='Input.Title']")!.TextContent);
            Assert.Contains(message, page.QuerySelector("#preview-problems")!.TextContent);
        }

        var badTag = await admin.SubmitAsync(Page, Draft("ok {{backupName}}", tags: "fine, not a tag!"), "#template-form");
        var emptyText = await FormClient.ParseAsync(await admin.SubmitAsync(Page, Draft("ok", body: ""), "#template-form"));

        Assert.Contains("not a tag", (await FormClient.ParseAsync(badTag)).QuerySelector("[data-field-error='Input.Tags']")!.TextContent);
        Assert.Equal("The text cannot be empty.", emptyText.QuerySelector("[data-field-error='Input.Body']")!.TextContent.Trim()); // said once, by the editor's own check
        Assert.Equal(0, await VersionsAsync());
    }

    [Fact]
    public async Task Every_version_is_kept_with_its_changes_an_old_one_is_restored_and_reset_brings_the_built_in_back()
    {
        var admin = await SetUpAdminAsync();
        await admin.SubmitAsync(Page, Draft("First {{backupName}}"), "#template-form");
        await admin.SubmitAsync(Page, Draft("Second {{backupName}}"), "#template-form");
        var history = await admin.GetDocumentAsync(Page);
        var restore = history.QuerySelector<IHtmlFormElement>("tr[data-version='1'] form")!;

        var restored = await admin.SubmitAsync(Page, new Dictionary<string, string>(), "tr[data-version='1'] form");
        var afterRestore = await admin.GetDocumentAsync(Page);
        var reset = await admin.SubmitAsync(Page, new Dictionary<string, string>(), "#reset-form");
        var afterReset = await admin.GetDocumentAsync(Page);

        Assert.NotNull(restore);
        Assert.Contains("- Title: First {{backupName}}", history.QuerySelector("tr[data-version='2'] .diff")!.TextContent);
        Assert.Contains("+ Title: Second {{backupName}}", history.QuerySelector("tr[data-version='2'] .diff")!.TextContent);
        Assert.Null(history.QuerySelector("tr[data-version='2'] form")); // the newest is the one in use
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal("First {{backupName}}", afterRestore.QuerySelector<IHtmlInputElement>("#Input_Title")!.Value);
        Assert.Contains("Restored from version 1", afterRestore.QuerySelector("tr[data-version='3']")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("❌ Backup {{backupName}} on {{serverName}} failed", afterReset.QuerySelector<IHtmlInputElement>("#Input_Title")!.Value);
        Assert.Contains("The built-in template", afterReset.QuerySelector("#template-state")!.TextContent);
        Assert.Contains("Reset to the built-in template", afterReset.QuerySelector("tr[data-version='4']")!.TextContent);
        Assert.Equal(4, await VersionsAsync());
    }

    [Fact]
    public async Task The_preview_renders_the_draft_for_each_channel_kind_and_Test_sends_it_through_a_real_SMTP_server()
    {
        var admin = await SetUpAdminAsync();
        await using var smtp = await SmtpServer.StartAsync("plain", auth: false);
        var mail = await new DeliveryHarness(App).AddChannelAsync("Ops mail", new EmailSettings
        {
            Host = "localhost", Port = smtp.Port, Security = SmtpSecurity.None, From = "hub@example.test", To = "ops@example.test",
        });
        var draft = Draft("Draft: {{backupName}} on {{serverName}}", "It broke: {{errorDetails}}", "4", "warning");

        var preview = await FormClient.ParseAsync(await HtmxAsync(admin, "Preview", draft));
        var invalid = await FormClient.ParseAsync(await HtmxAsync(admin, "Preview", Draft("{{nope}}")));
        var test = await FormClient.ParseAsync(await HtmxAsync(admin, "Test", new Dictionary<string, string>(draft) { ["TestChannel"] = mail.ToString() }));

        Assert.Equal("Draft: Documents on nas-01", preview.QuerySelector("#preview-subject")!.TextContent);
        Assert.Equal("Draft: Documents on nas-01", preview.QuerySelector("#preview-discord-title")!.TextContent);
        Assert.Equal("4 (high)", preview.QuerySelector("#preview-ntfy-priority")!.TextContent);
        Assert.Contains("\"title\": \"Draft: Documents on nas-01\"", preview.QuerySelector("#preview-webhook-json")!.TextContent.Replace("\":\"", "\": \""));
        Assert.Contains("It broke: The remote server returned an error", preview.QuerySelector("#preview-email-text")!.TextContent);
        // The sample's links are shaped like real ones, at this console's address (Links:PublicUrl).
        Assert.Contains("http://localhost/Jobs/Details?id=nas-01%2Fdocuments", preview.QuerySelector("#preview-webhook-json")!.TextContent);
        Assert.Contains("http://localhost/ack/sample-link", preview.QuerySelector("#preview-webhook-json")!.TextContent);
        // Discord shows the embed's markdown links as links, and so does its preview (not "[Acknowledge](http://…)").
        var discordLinks = preview.QuerySelectorAll("#preview-discord-description a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Contains(("Acknowledge", "http://localhost/ack/sample-link"), discordLinks);
        Assert.DoesNotContain("](", preview.QuerySelector("#preview-discord-description")!.TextContent);
        // Opened to try it, it says what a real one does (not "this link does not work").
        var sampleLink = await App.CreateClient().GetAsync("/ack/sample-link");
        Assert.Equal(HttpStatusCode.OK, sampleLink.StatusCode);
        Assert.Contains("test message", (await FormClient.ParseAsync(sampleLink)).QuerySelector("#sample")!.TextContent);
        Assert.Contains("Unknown variable \"nope\"", invalid.QuerySelector("#preview-problems")!.TextContent);
        Assert.Contains("Sent through Ops mail", test.QuerySelector("#template-test-outcome")!.TextContent);
        var sent = Assert.Single(smtp.Messages());
        Assert.Equal("[Test] Draft: Documents on nas-01", sent.Subject); // never taken for a real alert
        Assert.Equal(0, await VersionsAsync()); // neither preview nor test saves
    }
}

public sealed class TemplateEditorTestsOnSqlite() : TemplateEditorTests(DatabaseProvider.Sqlite);
// SQLite only: the editor renders and validates in memory; saving through it is tested on both databases (ConfigurationBackupTests, SystemNotificationTests).
