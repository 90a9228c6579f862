using System.Net;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Channels;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using DeliveryLogPage = NotifyOrleans.Web.Pages.Deliveries.IndexModel;

namespace NotifyOrleans.FunctionalTests.Console;

public abstract class ChannelPagesTests(DatabaseProvider provider) : ConsoleTestBase(provider), IAsyncLifetime
{
    private const string DiscordToken = "tok-SECRET-9f8e7d";
    private readonly FakeDiscord _discord = new();
    private readonly FakeNtfy _ntfy = new();

    public async Task InitializeAsync()
    {
        await _discord.StartAsync();
        await _ntfy.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _discord.DisposeAsync();
        await _ntfy.DisposeAsync();
    }

    private Task<HttpResponseMessage> AddDiscordAsync(FormClient admin, string name = "Ops Discord") =>
        admin.SubmitAsync("/Channels/Edit?kind=Discord", new Dictionary<string, string>
        {
            ["Name"] = name,
            ["Settings.WebhookUrl"] = _discord.CreateWebhook("42", DiscordToken),
            ["Settings.Username"] = "Backup Manager",
        }, "#channel-form");

    [Fact]
    public async Task An_admin_adds_a_discord_channel_whose_secret_url_is_encrypted_and_never_shown()
    {
        var admin = await SetUpAdminAsync();

        var response = await AddDiscordAsync(admin);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var channel = await QueryAsync(db => db.Channels.SingleAsync());
        Assert.Equal(ChannelKind.Discord, channel.Kind);
        Assert.DoesNotContain(DiscordToken, channel.SettingsJson);
        Assert.DoesNotContain(DiscordToken, channel.ProtectedSecrets);
        var list = await admin.Http.GetStringAsync("/Channels");
        var edit = await admin.Http.GetStringAsync($"/Channels/Edit/{channel.Id}");
        Assert.Contains("Ops Discord", list);
        Assert.Contains("data-health=\"no-success-yet\"", list); // nothing went through it yet: not "Healthy"
        Assert.DoesNotContain(DiscordToken, list);
        Assert.DoesNotContain(DiscordToken, edit);
        Assert.Contains("A value is saved", edit);
    }

    [Fact]
    public async Task Editing_without_retyping_the_secret_keeps_it()
    {
        var admin = await SetUpAdminAsync();
        await AddDiscordAsync(admin);
        var id = await QueryAsync(db => db.Channels.Select(c => c.Id).SingleAsync());

        var response = await admin.SubmitAsync($"/Channels/Edit/{id}", new Dictionary<string, string> { ["Name"] = "Renamed", ["Settings.WebhookUrl"] = "" }, "#channel-form");
        var test = await admin.HtmxPostAsync($"/Channels?handler=Test&id={id}", "/Channels");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("data-outcome=\"sent\"", await test.Content.ReadAsStringAsync());
        Assert.Equal("Test notification from NotifyOrleans", _discord.Embeds.Single()["title"]!.GetValue<string>()[3..]);
    }

    [Fact]
    public async Task Pointing_a_channel_at_another_server_asks_for_its_token_again_next_to_the_field()
    {
        var admin = await SetUpAdminAsync();
        await admin.SubmitAsync("/Channels/Edit?kind=Ntfy", new Dictionary<string, string>
        {
            ["Name"] = "Phone", ["Settings.ServerUrl"] = _ntfy.BaseUrl, ["Settings.Topic"] = "backups", ["Settings.AccessToken"] = "tk_SAVED",
        }, "#channel-form");
        var id = await QueryAsync(db => db.Channels.Select(c => c.Id).SingleAsync());

        var moved = await admin.SubmitAsync($"/Channels/Edit/{id}", new Dictionary<string, string> { ["Settings.ServerUrl"] = "https://ntfy.attacker.example" }, "#channel-form");
        var page = await FormClient.ParseAsync(moved);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.StartsWith("Enter the access token again (or clear it): the server URL changed", page.QuerySelector("[data-field-error='Settings.AccessToken']")!.TextContent.Trim());
        Assert.DoesNotContain("Leave empty to keep it", page.QuerySelector("#Settings_AccessToken_help")?.TextContent ?? ""); // not beside "enter it again"
        Assert.Contains(_ntfy.BaseUrl.Replace("http://", ""), (await QueryAsync(db => db.Channels.SingleAsync())).SettingsJson); // nothing saved
    }

    [Fact]
    public async Task A_new_channel_refused_for_another_field_asks_for_its_secrets_again()
    {
        var admin = await SetUpAdminAsync();

        var refused = await admin.SubmitAsync("/Channels/Edit?kind=Webhook", new Dictionary<string, string>
        {
            ["Name"] = "Hook", ["Settings.Url"] = "https://hooks.example.com/T0KEN", ["Settings.Headers"] = "Authorization: Bearer x", ["Settings.BodyTemplate"] = "{\"t\": \"{{titel}}\"}",
        }, "#channel-form");
        var page = await FormClient.ParseAsync(refused);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEmpty(page.QuerySelector("[data-field-error='Settings.BodyTemplate']")!.TextContent.Trim());
        Assert.Equal("Enter it again: what is typed here is not sent back to the page.", page.QuerySelector("[data-field-error='Settings.Url']")!.TextContent.Trim());
        Assert.Equal("Enter it again: what is typed here is not sent back to the page.", page.QuerySelector("[data-field-error='Settings.Headers']")!.TextContent.Trim());
        Assert.DoesNotContain("T0KEN", page.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task A_secret_refused_itself_says_it_is_not_sent_back_after_its_own_message()
    {
        var admin = await SetUpAdminAsync();

        var refused = await admin.SubmitAsync("/Channels/Edit?kind=Webhook", new Dictionary<string, string> { ["Name"] = "Hook", ["Settings.Url"] = "not a url" }, "#channel-form");
        var error = (await FormClient.ParseAsync(refused)).QuerySelector("[data-field-error='Settings.Url']")!.TextContent.Trim();

        Assert.StartsWith("Enter a full http(s) URL", error); // what is wrong first
        Assert.EndsWith("what was typed is not sent back to the page: enter it again, corrected.", error); // why the field is empty
    }

    [Fact]
    public async Task A_saved_webhook_given_a_new_url_on_another_port_asks_for_the_url_too_not_only_its_headers()
    {
        var admin = await SetUpAdminAsync();
        await admin.SubmitAsync("/Channels/Edit?kind=Webhook", new Dictionary<string, string>
        {
            ["Name"] = "Hook", ["Settings.Url"] = "http://127.0.0.1:8099/hook/secret-token", ["Settings.Headers"] = "X-Token: s3cret",
        }, "#channel-form");
        var id = await QueryAsync(db => db.Channels.Select(c => c.Id).SingleAsync());

        var moved = await admin.SubmitAsync($"/Channels/Edit/{id}", new Dictionary<string, string> { ["Settings.Url"] = "http://127.0.0.1:8098/other" }, "#channel-form");
        var page = await FormClient.ParseAsync(moved);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.StartsWith("Enter the headers again (or clear it): the URL changed", page.QuerySelector("[data-field-error='Settings.Headers']")!.TextContent.Trim());
        // The new URL is not sent back (a secret), and its field shows the saved one's "(saved)": it says so,
        // or retyping the headers alone kept the old URL and said "saved".
        Assert.Equal("Enter it again: what is typed here is not sent back to the page.", page.QuerySelector("[data-field-error='Settings.Url']")!.TextContent.Trim());
        Assert.DoesNotContain("8098/other", page.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task Test_shows_discords_error_in_the_troubleshooting_guides_words()
    {
        var admin = await SetUpAdminAsync();
        await AddDiscordAsync(admin);
        var id = await QueryAsync(db => db.Channels.Select(c => c.Id).SingleAsync());
        _discord.DeleteWebhook("42");

        var test = await admin.HtmxPostAsync($"/Channels?handler=Test&id={id}", "/Channels");
        var list = await admin.GetDocumentAsync("/Channels");

        Assert.Contains("Unknown Webhook", await test.Content.ReadAsStringAsync());
        Assert.Equal("failing", list.QuerySelector("[data-health]")!.GetAttribute("data-health"));
        Assert.Contains("Unknown Webhook", list.QuerySelector("[data-last-error]")!.TextContent);
    }

    [Fact]
    public async Task A_test_that_failed_for_now_is_said_beside_the_badge_until_a_send_goes_through()
    {
        var admin = await SetUpAdminAsync();
        await AddDiscordAsync(admin);
        var id = await QueryAsync(db => db.Channels.Select(c => c.Id).SingleAsync());
        _discord.ForcedStatus = 502; // Discord's gateway down: worth retrying, so the channel is not "Failing"

        var failed = await FormClient.ParseAsync(await admin.HtmxPostAsync($"/Channels?handler=Test&id={id}", "/Channels"));
        var listAfterFailure = await admin.GetDocumentAsync("/Channels");
        _discord.ForcedStatus = null;
        var passed = await FormClient.ParseAsync(await admin.HtmxPostAsync($"/Channels?handler=Test&id={id}", "/Channels"));
        var log = (await admin.GetDocumentAsync("/Deliveries")).QuerySelectorAll("#delivery-table tr[data-delivery]");

        // The badge swapped in beside "Test failed" does not say "Healthy", and the list says the same.
        Assert.Equal("last-attempt-failed", failed.QuerySelector("[data-health]")!.GetAttribute("data-health"));
        Assert.Contains("502", failed.QuerySelector("[data-outcome]")!.TextContent);
        Assert.Null(failed.QuerySelector("[data-last-error]")); // said once, in the result box, not again beside the badge
        Assert.Equal("Last attempt failed", listAfterFailure.QuerySelector("[data-health] .badge")!.TextContent);
        Assert.Contains("502", listAfterFailure.QuerySelector("[data-last-error]")!.TextContent);
        Assert.Equal("healthy", passed.QuerySelector("[data-health]")!.GetAttribute("data-health"));
        Assert.Null(passed.QuerySelector("[data-disabled-note]"));
        // Both tests are in the delivery log, newest first, the failed one with Discord's answer.
        Assert.Equal(["Sent", "Dead"], log.Select(row => row.GetAttribute("data-status")));
        Assert.Contains("502", log[1].QuerySelector(".col-error")!.TextContent);

        // A Test goes through a disabled channel (to mend it before switching it on), and says what the switch means.
        await QueryAsync(db => db.Channels.ExecuteUpdateAsync(set => set.SetProperty(c => c.Enabled, false)));
        var disabled = await FormClient.ParseAsync(await admin.HtmxPostAsync($"/Channels?handler=Test&id={id}", "/Channels"));
        Assert.Equal("sent", disabled.QuerySelector("[data-outcome]")!.GetAttribute("data-outcome"));
        Assert.StartsWith("It is disabled: job notices wait for it", disabled.QuerySelector("[data-disabled-note]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_admin_adds_an_ntfy_channel_and_its_test_arrives()
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.SubmitAsync("/Channels/Edit?kind=Ntfy", new Dictionary<string, string>
        {
            ["Name"] = "Phone", ["Settings.ServerUrl"] = _ntfy.BaseUrl, ["Settings.Topic"] = "backups", ["Settings.Priority"] = "4",
            ["Settings.Actions"] = "Dashboard, https://hub.example/",
        }, "#channel-form");
        var id = await QueryAsync(db => db.Channels.Select(c => c.Id).SingleAsync());
        var test = await admin.HtmxPostAsync($"/Channels?handler=Test&id={id}", "/Channels");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("data-outcome=\"sent\"", await test.Content.ReadAsStringAsync());
        Assert.Equal(4, _ntfy.Messages.Single()["priority"]!.GetValue<int>());
    }

    public static TheoryData<string, Dictionary<string, string>, string, string> BadChannels => new()
    {
        { "Discord", new() { ["Name"] = "", ["Settings.WebhookUrl"] = "https://discord.com/api/webhooks/1/x" }, "Name", "Give the channel a name" },
        { "Discord", new() { ["Name"] = "D", ["Settings.WebhookUrl"] = "https://example.com/not-a-webhook" }, "Settings.WebhookUrl", "not a Discord webhook URL" },
        { "Discord", new() { ["Name"] = "D", ["Settings.WebhookUrl"] = "https://discord.com/api/webhooks/1/x", ["Settings.Username"] = "My Discord Bot" }, "Settings.Username", "clyde" },
        { "Email", new() { ["Name"] = "Mail", ["Settings.Host"] = "", ["Settings.From"] = "a@b.test", ["Settings.To"] = "c@d.test" }, "Settings.Host", "SMTP server" },
        { "Email", new() { ["Name"] = "Mail", ["Settings.Host"] = "smtp.test", ["Settings.Port"] = "70000", ["Settings.From"] = "a@b.test", ["Settings.To"] = "c@d.test" }, "Settings.Port", "between 1 and 65535" },
        { "Email", new() { ["Name"] = "Mail", ["Settings.Host"] = "smtp.test", ["Settings.From"] = "a@b.test", ["Settings.To"] = "ops@x.test, not-an-address" }, "Settings.To", "not-an-address" },
        { "Ntfy", new() { ["Name"] = "N", ["Settings.ServerUrl"] = "https://ntfy.sh", ["Settings.Topic"] = "no spaces allowed" }, "Settings.Topic", "1–64 letters" },
        { "Ntfy", new() { ["Name"] = "N", ["Settings.ServerUrl"] = "https://ntfy.sh", ["Settings.Topic"] = "t", ["Settings.Actions"] = "a, https://a\nb, https://b\nc, https://c\nd, https://d" }, "Settings.Actions", "at most 3" },
        { "Webhook", new() { ["Name"] = "W", ["Settings.Url"] = "not a url" }, "Settings.Url", "full http(s) URL" },
        { "Webhook", new() { ["Name"] = "W", ["Settings.Url"] = "https://x.test/h", ["Settings.BodyTemplate"] = "{{#if}" }, "Settings.BodyTemplate", "does not compile" },
        { "Webhook", new() { ["Name"] = new string('n', 101), ["Settings.Url"] = "https://x.test/h" }, "Name", "at most 100" },
        // Each of these was a 500, or was saved to fail at every send (an outside-in pass).
        { "Email", new() { ["Name"] = "Mail", ["Settings.Host"] = "smtp.test", ["Settings.From"] = "a@b.test", ["Settings.To"] = "" }, "Settings.To", "at least one recipient" },
        { "Email", new() { ["Name"] = "Mail", ["Settings.Host"] = "smtp.test", ["Settings.Port"] = "abc", ["Settings.From"] = "a@b.test", ["Settings.To"] = "c@d.test" }, "Settings.Port", "'abc' cannot be used here" },
        { "Email", new() { ["Name"] = "Mail", ["Settings.Host"] = "smtp.test", ["Settings.Port"] = "", ["Settings.From"] = "a@b.test", ["Settings.To"] = "c@d.test" }, "Settings.Port", "Enter a value" },
        { "Discord", new() { ["Name"] = "D", ["Settings.WebhookUrl"] = "https://discord.com/api/webhooks/1/x", ["Settings.Username"] = "" }, "Settings.Username", "Enter the name" },
        { "Discord", new() { ["Name"] = "D", ["Settings.WebhookUrl"] = "https://discord.com/api/webhooks/123" }, "Settings.WebhookUrl", "<id>/<token>" },
        { "Ntfy", new() { ["Name"] = "N", ["Settings.ServerUrl"] = "", ["Settings.Topic"] = "t" }, "Settings.ServerUrl", "Enter the ntfy server URL" },
        { "Ntfy", new() { ["Name"] = "N", ["Settings.ServerUrl"] = "ftp://x", ["Settings.Topic"] = "t" }, "Settings.ServerUrl", "full http(s) URL" },
        { "Webhook", new() { ["Name"] = "W", ["Settings.Url"] = "ftp://x/y" }, "Settings.Url", "full http(s) URL" },
        { "Webhook", new() { ["Name"] = "W", ["Settings.Url"] = "http://127.0.0.1:99999/x" }, "Settings.Url", "full http(s) URL" },
        { "Webhook", new() { ["Name"] = "W", ["Settings.Url"] = "https://x.test/h", ["Settings.Headers"] = "Content-Length: 5" }, "Settings.Headers", "set when the request is sent" },
        { "Webhook", new() { ["Name"] = "W", ["Settings.Url"] = "https://x.test/h", ["Settings.BodyTemplate"] = "{\"t\": {{title}} }" }, "Settings.BodyTemplate", "does not make JSON" },
        { "Webhook", new() { ["Name"] = "W", ["Settings.Url"] = "https://x.test/h", ["Settings.BodyTemplate"] = "{\"t\": \"{{titel}}\"}" }, "Settings.BodyTemplate", "names \"titel\", which a notice does not have" },
    };

    [Theory]
    [MemberData(nameof(BadChannels))]
    public async Task Bad_channel_input_is_shown_next_to_its_field_and_nothing_is_stored(string kind, Dictionary<string, string> fields, string field, string expected)
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.SubmitAsync($"/Channels/Edit?kind={kind}", fields, "#channel-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await FormClient.ParseAsync(response);
        Assert.Contains(expected, page.QuerySelector($"[data-field-error='{field}']")?.TextContent ?? "(no message)", StringComparison.OrdinalIgnoreCase);
        // The refused value comes back as typed (an empty Port is not shown as 587); secrets never come back.
        if (page.QuerySelector($"input[name='{field}']:not([type=password])") is { } input) Assert.Equal(fields[field], input.GetAttribute("value"));
        Assert.Equal(0, await QueryAsync(db => db.Channels.CountAsync()));
    }

    [Fact]
    public async Task Deleting_a_channel_cancels_what_waited_for_it()
    {
        var admin = await SetUpAdminAsync();
        await AddDiscordAsync(admin);
        var id = await QueryAsync(db => db.Channels.Select(c => c.Id).SingleAsync());
        await new DeliveryHarness(App).EnqueueAsync(id, (SampleMessages.Failure(), "run-1"));

        var response = await admin.HtmxPostAsync($"/Channels?handler=Delete&id={id}", "/Channels");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.Channels.CountAsync()));
        var row = await QueryAsync(db => db.Outbox.SingleAsync());
        Assert.Equal(OutboxStatus.Cancelled, row.Status);
    }

    [Fact]
    public async Task The_delivery_log_is_read_a_page_at_a_time_and_filtered_by_a_channels_name_as_well_as_its_id()
    {
        var admin = await SetUpAdminAsync();
        await AddDiscordAsync(admin);
        var channel = await QueryAsync(db => db.Channels.AsNoTracking().SingleAsync());
        const int total = DeliveryLogPage.PageSize + 5;
        await new DeliveryHarness(App).EnqueueAsync(channel.Id, Enumerable.Range(1, total).Select(i => (SampleMessages.Failure($"failure {i}."), $"run-{i}")).ToArray());

        var first = await admin.GetDocumentAsync("/Deliveries");
        var older = await admin.GetDocumentAsync(first.QuerySelector("#delivery-pages a[rel=next]")!.GetAttribute("href")!);
        var byName = await admin.GetDocumentAsync($"/Deliveries?channel={Uri.EscapeDataString(channel.Name.ToUpperInvariant())}&p=2");
        var unknownName = await admin.GetDocumentAsync("/Deliveries?channel=Nowhere");

        Assert.Equal(DeliveryLogPage.PageSize, first.QuerySelectorAll("tr[data-delivery]").Length);
        Assert.Equal($"Deliveries 1–200 of {total}, newest first", first.QuerySelector("#delivery-pages span")!.TextContent);
        Assert.Null(first.QuerySelector("#delivery-pages a[rel=prev]"));
        Assert.Contains($"failure {total}.", first.QuerySelector("#delivery-table")!.TextContent); // the newest first
        // The oldest five, on the second page, which leads back to the first.
        Assert.Equal(["failure 5.", "failure 4.", "failure 3.", "failure 2.", "failure 1."], older.QuerySelectorAll("tr[data-delivery] summary").Select(s => s.TextContent));
        Assert.NotNull(older.QuerySelector("#delivery-pages a[rel=prev]"));
        Assert.Null(older.QuerySelector("#delivery-pages a[rel=next]"));
        Assert.Equal(5, byName.QuerySelectorAll("tr[data-delivery]").Length);
        Assert.Equal(channel.Id.ToString(), byName.QuerySelector("#channel option[selected]")!.GetAttribute("value"));
        Assert.Equal("“Nowhere” is not a channel of this log: the list is not filtered by it.", unknownName.QuerySelector("#filter-problem")!.TextContent);
        Assert.Equal(DeliveryLogPage.PageSize, unknownName.QuerySelectorAll("tr[data-delivery]").Length);
    }

    [Fact]
    public async Task The_delivery_log_lists_notifications_and_lets_an_admin_retry_and_cancel()
    {
        var admin = await SetUpAdminAsync();
        await AddDiscordAsync(admin);
        var id = await QueryAsync(db => db.Channels.Select(c => c.Id).SingleAsync());
        await new DeliveryHarness(App).EnqueueAsync(id, (SampleMessages.Failure("first failure"), "run-1"), (SampleMessages.Failure("second failure"), "run-2"));
        var rows = await QueryAsync(db => db.Outbox.OrderBy(r => r.Id).ToListAsync());

        var page = await admin.GetDocumentAsync("/Deliveries?status=Pending");
        var noMatch = await admin.GetDocumentAsync("/Deliveries?job=zzz");
        var unknown = await admin.GetDocumentAsync("/Deliveries?status=bogus");
        var cancel = await admin.HtmxPostAsync($"/Deliveries?handler=Cancel&id={rows[1].Id}", "/Deliveries");
        var retry = await admin.HtmxPostAsync($"/Deliveries?handler=Retry&id={rows[0].Id}", "/Deliveries");

        Assert.Equal(2, page.QuerySelectorAll("tr[data-delivery]").Length);
        Assert.Contains("first failure", page.QuerySelector("#delivery-table")!.TextContent);
        // Queued to go at once (the dispatcher is off here): due now, not a time that has gone by.
        Assert.All(page.QuerySelectorAll("td[data-label='Next attempt / sent']"), cell => Assert.Equal("now", cell.TextContent));
        Assert.Equal("90 days", page.QuerySelector("#log-kept")!.TextContent); // Retention:DeliveryLog's default
        Assert.StartsWith("No delivery matches these filters.", noMatch.QuerySelector("#no-deliveries")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("#filter-problem"));
        Assert.Equal("“bogus” is not a status of this log: the list is not filtered by it.", unknown.QuerySelector("#filter-problem")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var after = await QueryAsync(db => db.Outbox.OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(OutboxStatus.Pending, after[0].Status);
        Assert.Equal(OutboxStatus.Cancelled, after[1].Status);
        Assert.Equal("""{"toast":{"value":"Queued to be sent now.","warns":false}}""", retry.Headers.GetValues("HX-Trigger").Single());

        // A channel that failed for good (a deleted webhook) keeps what is retried until it is mended: Retry now says so.
        await QueryAsync(db => db.Channels.ExecuteUpdateAsync(set => set.SetProperty(c => c.IsHealthy, false)));
        var waiting = await admin.HtmxPostAsync($"/Deliveries?handler=Retry&id={rows[0].Id}", "/Deliveries");
        Assert.Contains("\"warns\":true", waiting.Headers.GetValues("HX-Trigger").Single());
        Assert.Contains("Queued, but the channel", waiting.Headers.GetValues("HX-Trigger").Single());
        // Its next attempt is the channel's mending, not a time.
        var list = await admin.GetDocumentAsync("/Deliveries");
        Assert.Contains("when the channel works", list.QuerySelector($"tr[data-delivery='{rows[0].Id}']")!.TextContent);
        // A cancelled row says who cancelled it, as a note rather than a failure in red.
        var cancelledCell = list.QuerySelector($"tr[data-delivery='{rows[1].Id}'] td[data-label='Last error']")!;
        Assert.StartsWith("Cancelled by ", cancelledCell.TextContent.Trim());
        Assert.Equal((false, true), (cancelledCell.ClassList.Contains("text-danger"), cancelledCell.ClassList.Contains("text-secondary")));
    }

    [Fact]
    public async Task A_member_reads_the_delivery_log_but_cannot_retry()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await AddDiscordAsync(admin);
        var id = await QueryAsync(db => db.Channels.Select(c => c.Id).SingleAsync());
        await new DeliveryHarness(App).EnqueueAsync(id, (SampleMessages.Failure(), "run-1"));
        // A job's notice to a channel: what a Member may read (not another person's mail, nor a system event's notice).
        await QueryAsync(db => db.Outbox.ExecuteUpdateAsync(set => set.SetProperty(r => r.JobKey, "nas-01/documents")));
        var rowId = await QueryAsync(db => db.Outbox.Select(r => r.Id).SingleAsync());
        var member = await LoginAsync(MemberEmail, MemberPassword);

        var page = await member.GetDocumentAsync("/Deliveries");
        var retry = await member.HtmxPostAsync($"/Deliveries?handler=Retry&id={rowId}", "/Deliveries");

        Assert.Single(page.QuerySelectorAll("tr[data-delivery]"));
        Assert.Empty(page.QuerySelectorAll("#delivery-table button"));
        Assert.Equal(HttpStatusCode.Forbidden, retry.StatusCode);
    }
}

public sealed class ChannelPagesTestsOnSqlite() : ChannelPagesTests(DatabaseProvider.Sqlite);
// SQLite only: the pages store channels through the same ChannelStore as the management API, whose tests run on both databases.
