using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Channels.Ntfy;
using NotifyOrleans.Infrastructure.Notifications.Templates;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.FunctionalTests.SystemNotifications;

/// <summary>
/// System events really sent: each to exactly the expected recipients, with a real SMTP server's
/// mailboxes, the fake Discord's and the fake ntfy's request logs as the evidence.
/// </summary>
public abstract class SystemNotificationTests(DatabaseProvider provider) : ConsoleTestBase(provider), IAsyncLifetime
{
    private const string Ops = "ops@example.test";
    private readonly FakeDiscord _discord = new();
    private readonly FakeNtfy _ntfy = new();
    private SmtpServer _smtp = null!;
    private ApiClient _api = null!;
    private DeliveryHarness _harness = null!;
    private Guid _email, _discordChannel, _ntfyChannel;

    public async Task InitializeAsync()
    {
        await _discord.StartAsync();
        await _ntfy.StartAsync();
        _smtp = await SmtpServer.StartAsync("plain", auth: false);
        _harness = new DeliveryHarness(App);
        _email = await _harness.AddChannelAsync("Ops mail", new EmailSettings
        {
            Host = "localhost", Port = _smtp.Port, Security = SmtpSecurity.None, From = "hub@example.test", To = Ops,
        });
        _discordChannel = await _harness.AddChannelAsync("Discord", new DiscordSettings { WebhookUrl = _discord.CreateWebhook() });
        _ntfyChannel = await _harness.AddChannelAsync("Phone", new NtfySettings { ServerUrl = _ntfy.BaseUrl, Topic = "backups" });
        _api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _discord.DisposeAsync();
        await _ntfy.DisposeAsync();
    }

    private async Task ConfigureAsync(string json)
    {
        var (status, body, _) = await _api.JsonAsync("PUT", "/api/v1/settings/system-notifications", json);
        Assert.True(status == 200, body?.ToJsonString());
    }

    private string[] MailTo(string address) => _smtp.Messages().Where(m => m.RcptTos.Contains(address)).Select(m => m.Subject).ToArray();

    private Task<SystemEvent> LastEventAsync(SystemEventType type) =>
        QueryAsync(db => db.SystemEvents.AsNoTracking().Where(e => e.Type == type).OrderByDescending(e => e.Id).FirstAsync());

    [Fact]
    public async Task The_defaults_are_DBackups_restores_and_errors_on_logins_and_new_users_off()
    {
        var (_, body, _) = await _api.JsonAsync("GET", "/api/v1/settings/system-notifications");

        var events = body!["events"]!;
        Assert.False(events["user-login"]!["enabled"]!.GetValue<bool>());
        Assert.False(events["user-created"]!["enabled"]!.GetValue<bool>());
        Assert.True(events["restore-completed"]!["enabled"]!.GetValue<bool>());
        Assert.True(events["restore-failed"]!["enabled"]!.GetValue<bool>());
        Assert.False(events["configuration-backup"]!["enabled"]!.GetValue<bool>());
        Assert.True(events["system-error"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("disabled", events["user-login"]!["notifyUser"]!.GetValue<string>());
        Assert.Null(events["restore-failed"]!["notifyUser"]);
        Assert.Equal("PT15M", body["loginThrottle"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_page_says_when_an_event_that_is_on_reaches_nobody()
    {
        var admin = await SetUpAdminAsync();

        var before = await admin.GetDocumentAsync("/SystemNotifications");
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}"]}""");
        var after = await admin.GetDocumentAsync("/SystemNotifications");

        Assert.NotNull(before.QuerySelector("#no-global-channels")); // channels exist, none is ticked
        Assert.Equal("On, but reaches nobody: no channel is ticked for it", before.QuerySelector("tr[data-event=system-error] [data-reaches-nobody]")!.TextContent.Trim()); // on by default
        Assert.Null(before.QuerySelector("tr[data-event=user-login] [data-reaches-nobody]")); // off: nothing to reach
        Assert.Null(after.QuerySelector("#no-global-channels"));
        Assert.Empty(after.QuerySelectorAll("[data-reaches-nobody]"));

        // A channel disabled on the Channels page is not sent system events: an event whose only channel it is reaches nobody, and says so.
        await QueryAsync(db => db.Channels.Where(c => c.Id == _email).ExecuteUpdateAsync(set => set.SetProperty(c => c.Enabled, false)));
        await admin.SubmitAsync("/SystemNotifications", new Dictionary<string, string>(), "tr[data-event=user-login] form");
        var disabled = await admin.GetDocumentAsync("/SystemNotifications");
        var toast = disabled.QuerySelector("#toasts .alert")!;
        Assert.Equal(("User Login is on, but its channels are switched off, so it reaches nobody.", "true"), (toast.TextContent.Trim(), toast.GetAttribute("data-warns")));
        Assert.NotNull(disabled.QuerySelector("tr[data-event=user-login] [data-reaches-nobody]"));
        Assert.Contains("(disabled)", disabled.QuerySelector("tr[data-event=user-login]")!.TextContent);
    }

    [Theory]
    [InlineData("disabled", true, false)]
    [InlineData("adminAndUser", true, true)]
    [InlineData("userOnly", false, true)]
    public async Task A_login_reaches_exactly_the_channels_and_the_user_its_notify_user_mode_names(string mode, bool admins, bool user)
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await ConfigureAsync($$"""
            {"globalChannels":["{{_email}}","{{_discordChannel}}"],
             "events":{"user-login":{"enabled":true,"notifyUser":"{{mode}}"} } }
            """);
        await _harness.RouteAndDispatchAsync(); // what setup recorded (the admin's creation: off)
        var discordBefore = _discord.Embeds.Count;

        await LoginAsync(MemberEmail, MemberPassword);
        await _harness.RouteAndDispatchAsync();

        Assert.Equal(admins ? ["🔐 member@example.test logged in"] : [], MailTo(Ops));
        Assert.Equal(admins ? 1 : 0, _discord.Embeds.Count - discordBefore);
        Assert.Equal(user ? ["🔐 New login to your NotifyOrleans account"] : [], MailTo(MemberEmail)); // written to them, not as the admins read it
        Assert.Empty(_ntfy.Messages); // not one of the event's channels
        var login = await LastEventAsync(SystemEventType.UserLogin);
        Assert.True(login.Notified);
        var fields = admins ? _discord.Embeds[^1]["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList() : [];
        if (admins) Assert.Contains("User", fields);
        Assert.DoesNotContain("By", fields); // the user logged in themself: no "By" repeating the User
    }

    [Fact]
    public async Task A_user_who_turned_off_login_emails_gets_none_while_the_admins_still_hear_and_the_page_says_why()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}"],"events":{"user-login":{"enabled":true,"notifyUser":"adminAndUser"} } }""");
        var member = await LoginAsync(MemberEmail, MemberPassword);
        await member.SubmitAsync("/Account/Notifications", new Dictionary<string, string> { ["Input.TimeZoneId"] = "UTC", ["Input.EmailOnOwnLogin"] = "false" });
        Assert.Equal("Not sent: switched off here.", (await member.GetDocumentAsync("/Account/Notifications")).QuerySelector("#login-emails")!.TextContent); // not the admins' throttle
        await ConfigureAsync("""{"loginThrottle":"PT0S"}""");
        await _harness.RouteAndDispatchAsync();
        var mailsBefore = MailTo(MemberEmail).Length;

        await LoginAsync(MemberEmail, MemberPassword);
        await _harness.RouteAndDispatchAsync();

        Assert.Equal(mailsBefore, MailTo(MemberEmail).Length);
        Assert.Equal(2, MailTo(Ops).Length); // both logins, to the admins
        var page = await admin.GetDocumentAsync("/SystemNotifications/Event?type=user-login");
        var newest = page.QuerySelector("#occurrences tbody tr")!;
        Assert.Contains("member@example.test: turned off emails about logins to their account.", newest.TextContent);
        Assert.Contains("Ops mail", newest.QuerySelector("[data-told]")!.TextContent);
        Assert.Equal("Sent", newest.QuerySelector("[data-told] .badge")!.TextContent);
    }

    [Fact]
    public async Task The_user_reads_their_own_login_in_their_time_zone_with_what_to_do_if_it_was_not_them()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);
        Assert.Equal("Not sent at the moment: an admin has switched the User Login event off.", // off by default
            (await member.GetDocumentAsync("/Account/Notifications")).QuerySelector("#login-emails")!.TextContent);
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}"],"events":{"user-login":{"enabled":true} } }""");
        Assert.Equal("Not sent at the moment: an admin has not switched on “Notify user directly” for User Login.",
            (await member.GetDocumentAsync("/Account/Notifications")).QuerySelector("#login-emails")!.TextContent);
        await member.SubmitAsync("/Account/Notifications", new Dictionary<string, string> { ["Input.TimeZoneId"] = "Asia/Tokyo", ["Input.EmailOnOwnLogin"] = "true" });
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}"],"events":{"user-login":{"enabled":true,"notifyUser":"adminAndUser"} } }""");
        Assert.Equal("Sent at most once every 15 minutes (the admins' setting), so a second login from the same address soon after the first sends none; one from another address always does.",
            (await member.GetDocumentAsync("/Account/Notifications")).QuerySelector("#login-emails")!.TextContent); // beside the switch, why a second login told nothing
        await ConfigureAsync("""{"loginThrottle":"PT0S"}""");
        await _harness.RouteAndDispatchAsync();
        var before = _smtp.Messages().Count;

        await LoginAsync(MemberEmail, MemberPassword);
        await _harness.RouteAndDispatchAsync();

        var login = await LastEventAsync(SystemEventType.UserLogin);
        var inTokyo = TimeZoneInfo.ConvertTime(login.OccurredAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var theirs = Assert.Single(_smtp.Messages().Skip(before), m => m.RcptTos.Contains(MemberEmail));
        Assert.Equal("🔐 New login to your NotifyOrleans account", theirs.Subject);
        Assert.Contains($"Your account {MemberEmail} logged in to NotifyOrleans at {inTokyo:yyyy-MM-dd HH:mm} (Asia/Tokyo)", theirs.Text);
        Assert.Contains("If it was not, change your password now at http://localhost/Identity/Account/Manage/ChangePassword", theirs.Text);
        var admins = Assert.Single(_smtp.Messages().Skip(before), m => m.RcptTos.Contains(Ops));
        Assert.Contains($"{MemberEmail} logged in to NotifyOrleans at {login.OccurredAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC", admins.Text); // the channels' copy stays in UTC
    }

    /// <summary>A member, and User Login switched on to Discord, with what setup recorded already routed.</summary>
    private async Task MemberWithLoginsToDiscordAsync()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await ConfigureAsync($$"""{"globalChannels":["{{_discordChannel}}"],"events":{"user-login":{"enabled":true} } }""");
        await _harness.RouteAndDispatchAsync();
    }

    [Fact]
    public async Task Logins_in_a_row_make_one_notification_per_throttle_window()
    {
        await MemberWithLoginsToDiscordAsync();
        var before = _discord.Embeds.Count;

        for (var i = 0; i < 3; i++) await LoginAsync(MemberEmail, MemberPassword);
        await _harness.RouteAndDispatchAsync();

        Assert.Equal(1, _discord.Embeds.Count - before);
        var last = await LastEventAsync(SystemEventType.UserLogin);
        Assert.False(last.Notified);
        Assert.Contains("Throttled", SystemEventRouter.ReadRoute(last)!.NotTold.Single());
    }

    [Fact]
    public async Task A_throttled_logins_reason_is_read_in_the_readers_zone_as_the_rest_of_the_page()
    {
        await MemberWithLoginsToDiscordAsync();
        var admin = await LoginAsync(AdminEmail, AdminPassword);
        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string> { ["Input.TimeZoneId"] = "Asia/Tokyo" });
        for (var i = 0; i < 2; i++) await LoginAsync(MemberEmail, MemberPassword);
        await _harness.RouteAndDispatchAsync();

        var page = await admin.GetDocumentAsync("/SystemNotifications/Event?type=user-login");

        var reason = Assert.Single(page.QuerySelectorAll("#occurrences [data-not-told]"), e => e.TextContent.Contains("throttled")).TextContent;
        Assert.StartsWith($"Not sent, throttled: a login of {MemberEmail} from the same address was already reported at ", reason); // not "Not sent: Throttled: …"
        Assert.Contains("(Asia/Tokyo)", reason);
        Assert.DoesNotContain("UTC", reason);
    }

    [Fact]
    public async Task A_login_from_another_address_is_told_within_the_throttle_window()
    {
        await MemberWithLoginsToDiscordAsync();
        var member = await QueryAsync(db => db.Users.SingleAsync(u => u.Email == MemberEmail));
        var before = _discord.Embeds.Count;

        foreach (var address in new[] { "192.0.2.10", "192.0.2.10", "198.51.100.7" }) // the owner twice, then someone else
        {
            await _harness.WithScopeAsync(async services =>
            {
                await services.GetRequiredService<SystemEventRecorder>().RecordAsync(
                    new SystemEvent { Type = SystemEventType.UserLogin, UserId = member.Id, UserEmail = MemberEmail, Summary = $"{MemberEmail} logged in" },
                    new EventOrigin(address, "Firefox"));
                return 0;
            });
            await _harness.RouteAndDispatchAsync();
        }

        var logins = await QueryAsync(db => db.SystemEvents.Where(e => e.Type == SystemEventType.UserLogin && e.UserId == member.Id).OrderBy(e => e.Id).Select(e => e.Notified).ToListAsync());
        Assert.Equal([true, false, true], logins);
        Assert.Equal(2, _discord.Embeds.Count - before);
    }

    [Fact]
    public async Task A_welcome_template_greets_the_new_user_by_the_name_the_admin_gave()
    {
        var admin = await SetUpAdminAsync();
        await _harness.RouteAndDispatchAsync();
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}"],"events":{"user-created":{"enabled":true,"notifyUser":"userOnly"} } }""");
        using (var scope = App.Services.CreateScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<TemplateEditor>().SaveAsync(EventTypes.UserWelcome, ChannelKind.Email,
                new TemplateDraft("Welcome, {{userName}}", "Hello {{userName}}, your account is {{userEmail}}.", 3, ""), AdminEmail, CancellationToken.None);
            Assert.Empty(saved.Problems);
        }

        await CreateMemberAsync(admin);
        await _harness.RouteAndDispatchAsync();

        var welcome = Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(MemberEmail));
        Assert.Equal("Welcome, Max Member", welcome.Subject);
        Assert.Contains($"Hello Max Member, your account is {MemberEmail}.", welcome.Text);
    }

    [Fact]
    public async Task A_new_user_gets_a_welcome_email_naming_who_created_the_account_and_never_a_password()
    {
        var admin = await SetUpAdminAsync();
        await _harness.RouteAndDispatchAsync(); // the admin's own creation, while the event was off
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}"],"events":{"user-created":{"enabled":true,"notifyUser":"adminAndUser"} } }""");

        admin.Http.DefaultRequestHeaders.UserAgent.ParseAdd("curl/7.88.1"); // the admin's browser: recorded with the event

        await CreateMemberAsync(admin);
        await _harness.RouteAndDispatchAsync();

        var welcome = Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(MemberEmail));
        var opsNotice = Assert.Single(_smtp.Messages(), m => m.Subject == "👤 New user member@example.test");
        Assert.Contains("curl/7.88.1", opsNotice.Text);
        Assert.Contains($"{MemberEmail} was created as Member by {AdminEmail}, at ", opsNotice.Text); // the role, and who
        Assert.DoesNotContain("curl/7.88.1", welcome.Raw); // the admin's, not the new user's business
        Assert.Equal("👋 Welcome to NotifyOrleans", welcome.Subject);
        Assert.Contains($"{AdminEmail} created a NotifyOrleans account for you: {MemberEmail}", welcome.Text);
        Assert.Contains("http://localhost/", welcome.Text);
        Assert.DoesNotContain(MemberPassword, welcome.Raw);
        Assert.Equal(["👤 New user member@example.test"], MailTo(Ops));
    }

    [Fact]
    public async Task A_restore_from_a_real_Duplicati_report_goes_to_the_events_own_channels_and_back_to_the_global_ones_after_a_reset()
    {
        var admin = await SetUpAdminAsync();
        await ConfigureAsync($$"""{"globalChannels":["{{_discordChannel}}"],"events":{"restore-failed":{"channels":["{{_ntfyChannel}}"]} } }""");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var report = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.Duplicati("04-fail-missing-source"))!;
        report["Data"]!["MainOperation"] = "Restore";

        async Task RestoreAsync()
        {
            report["Extra"]!["OperationName"] = "Restore";
            report["Data"]!["BeginTime"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"); // a run of its own each time
            var response = await App.CreateClient().PostAsync($"/api/upload?key={key}",
                new StringContent(report.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            await _harness.RouteAndDispatchAsync();
        }

        await RestoreAsync();
        var ntfyMessage = Assert.Single(_ntfy.Messages);
        Assert.StartsWith("❌ Restore from", ntfyMessage["title"]!.GetValue<string>());
        Assert.Empty(_discord.Embeds);
        // It links to the job restored from, and the Delivery log finds it by that job.
        Assert.EndsWith("/Jobs/Details?id=vm%2Fanchor-test", ntfyMessage["click"]!.GetValue<string>());
        Assert.Equal(["vm/anchor-test"], await QueryAsync(db => db.Outbox.Where(r => r.EventType == EventTypes.RestoreFailed).Select(r => r.JobKey).ToListAsync()));

        var page = await admin.GetDocumentAsync("/SystemNotifications");
        Assert.NotNull(page.QuerySelector("tr[data-event=restore-failed] [data-custom-channels]"));
        var reset = await admin.SubmitAsync("/SystemNotifications/Event?type=restore-failed", new Dictionary<string, string>(), "form[action*=Reset]");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        await RestoreAsync();

        Assert.Single(_ntfy.Messages);
        Assert.Single(_discord.Embeds);
        Assert.Equal(0xCF222E, _discord.Embeds[0]["color"]!.GetValue<int>()); // red: failure
    }

    [Fact]
    public async Task Notify_user_without_an_Email_channel_is_refused_in_the_api_and_next_to_the_field_and_nothing_is_saved()
    {
        var admin = await SetUpAdminAsync();
        await ConfigureAsync($$"""{"globalChannels":["{{_discordChannel}}"]}""");

        var (status, body, _) = await _api.JsonAsync("PUT", "/api/v1/settings/system-notifications",
            """{"events":{"user-login":{"enabled":true,"notifyUser":"userOnly"}}}""");
        var form = await admin.SubmitAsync("/SystemNotifications/Event?type=user-created", new Dictionary<string, string>
        {
            ["Input.Enabled"] = "true", ["Input.CustomChannels"] = "true", ["Input.Channels"] = _ntfyChannel.ToString(), ["Input.NotifyUser"] = "AdminAndUser",
        }, "#event-form");
        var formPage = await FormClient.ParseAsync(form);

        Assert.Equal(400, status);
        Assert.Equal("events.user-login.notifyUser", body!["field"]!.GetValue<string>());
        Assert.Contains("needs an Email channel", formPage.QuerySelector("[data-field-error='Input.NotifyUser']")!.TextContent);
        var (_, saved, _) = await _api.JsonAsync("GET", "/api/v1/settings/system-notifications");
        Assert.False(saved!["events"]!["user-login"]!["enabled"]!.GetValue<bool>());
        Assert.False(saved["events"]!["user-created"]!["enabled"]!.GetValue<bool>());
        Assert.False(saved["events"]!["user-created"]!["customChannels"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unticking_the_last_Email_channel_says_that_notify_user_directly_goes_to_Disabled_and_the_save_says_it_did()
    {
        var admin = await SetUpAdminAsync();
        await ConfigureAsync($$"""{"events":{"user-login":{"channels":["{{_email}}"],"notifyUser":"adminAndUser"} } }""");

        // What the form holds once the Email channel is unticked (htmx redraws it): the select is gone, its hidden stand-in posts Disabled.
        var redrawn = await FormClient.ParseAsync(await admin.HtmxPostAsync("/SystemNotifications/Event?type=user-login&handler=Form", "/SystemNotifications/Event?type=user-login",
            new Dictionary<string, string> { ["Input.Enabled"] = "true", ["Input.CustomChannels"] = "true", ["Input.Channels"] = _ntfyChannel.ToString(), ["Input.NotifyUser"] = "AdminAndUser" }));
        var saved = await admin.SubmitAsync("/SystemNotifications/Event?type=user-login", new Dictionary<string, string>
        {
            ["Input.Enabled"] = "true", ["Input.CustomChannels"] = "true", ["Input.Channels"] = _ntfyChannel.ToString(), ["Input.NotifyUser"] = "Disabled",
        }, "#event-form");
        var after = await admin.GetDocumentAsync("/SystemNotifications/Event?type=user-login");

        Assert.Equal("Notify user directly is Admin & User now, and sends through an Email channel among this event's channels: saved without one, it is Disabled.",
            redrawn.QuerySelector("#notify-user-needs-email")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var toast = after.QuerySelector("#toasts .alert")!;
        Assert.Equal(("User Login saved. Notify user directly is now Disabled: none of this event's channels is an Email channel.", "true"), (toast.TextContent.Trim(), toast.GetAttribute("data-warns")));
        Assert.StartsWith("Notify user directly appears once", after.QuerySelector("#notify-user-needs-email")!.TextContent.Trim()); // off now: nothing more to say
    }

    [Theory]
    [InlineData("abc", "'abc' cannot be used here")] // was saved as 0: every login notified
    [InlineData("", "Enter a value")]
    public async Task A_login_throttle_that_is_no_number_is_refused_by_its_field_and_the_saved_one_stays(string typed, string said)
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.SubmitAsync("/SystemNotifications", new Dictionary<string, string> { ["LoginThrottleMinutes"] = typed }, "#global-form");
        var page = await FormClient.ParseAsync(response);
        var (_, saved, _) = await _api.JsonAsync("GET", "/api/v1/settings/system-notifications");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(said, page.QuerySelector("[data-field-error='LoginThrottleMinutes']")!.TextContent);
        Assert.Equal("PT15M", saved!["loginThrottle"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_switch_in_an_events_row_turns_it_off_and_on_again()
    {
        var admin = await SetUpAdminAsync();

        var off = await admin.SubmitAsync("/SystemNotifications", new Dictionary<string, string>(), "tr[data-event=restore-completed] form");
        var (_, afterOff, _) = await _api.JsonAsync("GET", "/api/v1/settings/system-notifications");
        var page = await admin.GetDocumentAsync("/SystemNotifications");
        await admin.SubmitAsync("/SystemNotifications", new Dictionary<string, string>(), "tr[data-event=restore-completed] form");
        var (_, afterOn, _) = await _api.JsonAsync("GET", "/api/v1/settings/system-notifications");

        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False(afterOff!["events"]!["restore-completed"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("false", page.QuerySelector("tr[data-event=restore-completed] [data-enabled]")!.GetAttribute("data-enabled"));
        Assert.True(afterOn!["events"]!["restore-completed"]!["enabled"]!.GetValue<bool>());
        Assert.True(afterOn["events"]!["restore-failed"]!["enabled"]!.GetValue<bool>()); // only that event
    }

    [Fact]
    public async Task A_deleted_channel_leaves_the_settings_and_what_needed_it_is_switched_off_so_the_next_save_works()
    {
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}","{{_ntfyChannel}}"],"events":{"user-login":{"notifyUser":"userOnly"} } }""");

        var (deleted, _, _) = await _api.JsonAsync("DELETE", $"/api/v1/channels/{_email}");
        var (_, settings, _) = await _api.JsonAsync("GET", "/api/v1/settings/system-notifications");
        var (saved, _, _) = await _api.JsonAsync("PUT", "/api/v1/settings/system-notifications", """{"events":{"user-created":{"enabled":true} } }""");

        Assert.Equal(204, deleted);
        Assert.Equal([_ntfyChannel.ToString()], settings!["globalChannels"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.Equal("disabled", settings["events"]!["user-login"]!["notifyUser"]!.GetValue<string>());
        Assert.Equal(200, saved);
    }

    [Fact]
    public async Task An_events_Test_sends_a_sample_through_each_channel_and_to_the_stand_in_and_reports_each_outcome()
    {
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}","{{_ntfyChannel}}"],"events":{"user-created":{"notifyUser":"adminAndUser"} } }""");
        _ntfy.ForcedStatus = 500;

        var (status, body, _) = await _api.JsonAsync("POST", "/api/v1/settings/system-notifications/user-created/test?to=boss@example.test");

        Assert.Equal(200, status);
        var outcomes = body!["outcomes"]!.AsArray();
        Assert.Equal(3, outcomes.Count);
        Assert.Contains(outcomes, o => o!["channelName"]!.GetValue<string>() == "Ops mail" && o["recipient"] is null && o["outcome"]!.GetValue<string>() == "sent");
        Assert.Contains(outcomes, o => o!["recipient"]?.GetValue<string>() == "boss@example.test" && o["outcome"]!.GetValue<string>() == "sent");
        Assert.Contains(outcomes, o => o!["channelName"]!.GetValue<string>() == "Phone" && o["outcome"]!.GetValue<string>() == "transient");
        Assert.Equal(["[Test] 👋 Welcome to NotifyOrleans"], MailTo("boss@example.test"));
        Assert.Equal(["[Test] 👤 New user boss@example.test"], MailTo(Ops));
    }

    [Fact]
    public async Task A_Test_emails_the_stand_in_in_the_time_zone_of_their_account_as_the_real_email_would()
    {
        await SetUpAdminAsync();
        var (zoned, _, _) = await _api.JsonAsync("PUT", $"/api/v1/users/{AdminEmail}/notifications", """{"timeZone":"Asia/Tokyo"}""");
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}"],"events":{"user-login":{"notifyUser":"userOnly"} } }""");

        var (toAdmin, _, _) = await _api.JsonAsync("POST", $"/api/v1/settings/system-notifications/user-login/test?to={AdminEmail}");
        var (toNobody, _, _) = await _api.JsonAsync("POST", "/api/v1/settings/system-notifications/user-login/test?to=nobody@example.test");

        Assert.Equal((200, 200, 200), (zoned, toAdmin, toNobody));
        var mail = Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(AdminEmail));
        Assert.Contains("(Asia/Tokyo)", mail.Text);
        Assert.DoesNotContain(" UTC", mail.Text);
        Assert.Contains(" UTC", Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains("nobody@example.test")).Text); // nobody's account: UTC
    }

    [Fact]
    public async Task A_Test_through_the_api_says_why_its_to_address_got_no_direct_email()
    {
        await ConfigureAsync($$"""{"globalChannels":["{{_email}}"],"events":{"user-login":{"notifyUser":"disabled"} } }""");

        var (_, login, _) = await _api.JsonAsync("POST", "/api/v1/settings/system-notifications/user-login/test?to=boss@example.test");
        var (_, restore, _) = await _api.JsonAsync("POST", "/api/v1/settings/system-notifications/restore-failed/test?to=boss@example.test");

        Assert.Equal(["boss@example.test: “Notify user directly” is off for this event."], login!["notTold"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["boss@example.test: this event emails no user directly."], restore!["notTold"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(MailTo("boss@example.test"));
    }

    [Fact]
    public async Task A_channel_that_fails_raises_one_System_Error_per_fault_through_the_other_channels()
    {
        await ConfigureAsync($$"""{"globalChannels":["{{_ntfyChannel}}"]}""");
        _discord.DeleteWebhook("1234567890");
        await _harness.EnqueueAsync(_discordChannel, (Channels.SampleMessages.Failure("first"), "run-1"));

        await _harness.DispatchOnceAsync();
        await _harness.RouteAndDispatchAsync();

        var error = Assert.Single(_ntfy.Messages);
        Assert.Equal("⚠️ NotifyOrleans system error", error["title"]!.GetValue<string>());
        Assert.Contains("Channel 'Discord' failed and was paused", error["message"]!.GetValue<string>());
        Assert.Contains("/Channels\"", error.ToJsonString()); // a link to where it is mended
    }
}

public sealed class SystemNotificationTestsOnSqlite() : SystemNotificationTests(DatabaseProvider.Sqlite);
public sealed class SystemNotificationTestsOnPostgres() : SystemNotificationTests(DatabaseProvider.Postgres);
