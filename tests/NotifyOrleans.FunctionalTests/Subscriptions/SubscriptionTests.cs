using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Notifications.Templates;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;
using NotifyOrleans.Web.Pages.Shared.Forms;
using NotifyOrleans.Web.Users;
using Orleans;

namespace NotifyOrleans.FunctionalTests.Subscriptions;

/// <summary>
/// A person in Europe/Berlin with quiet hours and subscriptions, set on their own page: during the
/// quiet hours a warning waits for the digest at their end, a failure arrives at once, a job they
/// did not subscribe to says nothing; real mail through aiosmtpd, and the "why" in the API and on
/// the job page. The quiet hours are set around the time the test runs, so the app's clock moves
/// only minutes: Orleans reads the same clock, and a silo whose clock jumps hours is declared dead.
/// (<c>QuietHoursTests</c> checks 22:00–07:00 itself, across midnight, weekends and clock changes.)
/// </summary>
public abstract class SubscriptionTests(DatabaseProvider provider) : ConsoleTestBase(provider, clock: new FakeTimeProvider(DateTimeOffset.UtcNow)), IAsyncLifetime
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private SmtpServer _smtp = null!;
    private string _ingestKey = "";

    private FakeTimeProvider Clock => (FakeTimeProvider)App.Services.GetRequiredService<TimeProvider>();

    /// <summary>Quiet since an hour ago, Berlin time, until a few minutes from now (whole minutes, as the form takes them).</summary>
    private TimeOnly _quietFrom, _quietTo;
    private DateTimeOffset _quietEnds;

    private void ChooseQuietHours()
    {
        var local = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Berlin);
        var to = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Offset).AddMinutes(4);
        (_quietFrom, _quietTo) = (TimeOnly.FromDateTime(local.AddHours(-1).DateTime), TimeOnly.FromDateTime(to.DateTime));
        _quietEnds = to.ToUniversalTime();
    }

    private string QuietEndsInBerlin => $"{TimeZoneInfo.ConvertTime(_quietEnds, Berlin):yyyy-MM-dd HH:mm} (Europe/Berlin)";

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync("plain", auth: false);
        await new DeliveryHarness(App).AddMailChannelAsync(_smtp);
        _ingestKey = await ApiClient.CreateIngestKeyAsync(App);
    }

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private async Task ReportAsync(string server, string job, string status)
    {
        var response = await App.CreateClient().PostAsync($"/api/v1/runs?key={_ingestKey}",
            new StringContent($$"""{"server":"{{server}}","job":"{{job}}","status":"{{status}}"}""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync() + App.ProblemsText);
        Clock.Advance(TimeSpan.FromSeconds(5));
    }

    /// <summary>The member sets up their quiet hours and subscriptions on My notifications, as a person does.</summary>
    private async Task<FormClient> MemberWithQuietHoursAsync()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);
        ChooseQuietHours();
        var saved = await member.SubmitAsync("/Account/Notifications", new Dictionary<string, string>
        {
            ["Input.TimeZoneId"] = "Europe/Berlin", ["Input.QuietFrom"] = $"{_quietFrom:HH:mm}", ["Input.QuietTo"] = $"{_quietTo:HH:mm}",
            ["Input.QuietWeekends"] = "false", ["Input.UrgentComesThrough"] = "true",
        }, "#preferences-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var subscribed = await PostSubscriptionsAsync(member, [
            ("Server", "nas-01", ["Failure", "Warning", "Recovered"]),
            ("Job", "db-01/dump", ["Failure"]),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
        return member;
    }

    private static async Task<HttpResponseMessage> PostSubscriptionsAsync(FormClient client, IEnumerable<(string Scope, string Target, string[] Outcomes)> rows)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/Account/Notifications")) };
        var i = 0;
        foreach (var (scope, target, outcomes) in rows)
        {
            fields.Add(new($"Subscriptions[{i}].Scope", scope));
            fields.Add(new($"Subscriptions[{i}].Target", target));
            fields.AddRange(outcomes.Select(o => new KeyValuePair<string, string>($"Subscriptions[{i}].Outcomes", o)));
            i++;
        }

        return await client.Http.PostAsync("/Account/Notifications?handler=Subscriptions", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_subscription_refused_leaves_the_preferences_form_as_saved_and_saving_it_then_keeps_the_subscriptions()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);
        await member.SubmitAsync("/Account/Notifications", new Dictionary<string, string> { ["Input.TimeZoneId"] = "Asia/Tokyo", ["Input.EmailOnOwnLogin"] = "true" }, "#preferences-form");
        await PostSubscriptionsAsync(member, [("Server", "nas-01", ["Failure"])]);

        var refused = await PostSubscriptionsAsync(member, [("Server", "nas-01", ["Failure"]), ("Job", "documents", ["Success"])]); // no "server/"
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await FormClient.ParseAsync(refused);
        Assert.NotEmpty(page.QuerySelector("[data-field-error='Subscriptions[1].Target']")!.TextContent.Trim());
        var preferences = page.QuerySelector("#preferences-form")!;
        Assert.Equal("/Account/Notifications", preferences.GetAttribute("action")); // not the subscriptions' address the page was posted to
        Assert.Equal("Asia/Tokyo", preferences.QuerySelector("#Input_TimeZoneId option[selected]")?.GetAttribute("value"));
        Assert.True(preferences.QuerySelector("#Input_EmailOnOwnLogin")!.HasAttribute("checked"));

        var saved = await member.Http.PostAsync(preferences.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = preferences.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Input.TimeZoneId"] = "Asia/Tokyo", ["Input.EmailOnOwnLogin"] = "true", ["Input.QuietWeekends"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var snapshot = await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(await UserIdAsync(MemberEmail)).GetSnapshotAsync();
        Assert.Equal(new Subscription(SubscriptionScope.Server, "nas-01", Outcomes.Failure), Assert.Single(snapshot.Subscriptions));
        Assert.True(snapshot.Preferences.Quiet!.Weekends);
    }

    [Fact]
    public async Task Subscribe_me_pressed_again_from_an_old_tab_changes_nothing_and_without_an_Email_channel_it_warns()
    {
        var admin = await SetUpAdminAsync();
        await ReportAsync("nas-01", "documents", "success");
        var jobPage = "/Jobs/Details?id=nas-01%2Fdocuments";
        var token = await admin.AntiforgeryTokenAsync(jobPage); // the page as a tab opened before any press holds it
        async Task<(string Text, string? Warns)> PressAsync(string handler)
        {
            var answer = await admin.Http.PostAsync($"{jobPage}&handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            var toast = (await admin.GetDocumentAsync(jobPage)).QuerySelector("#toasts .alert")!;
            return (toast.TextContent.Trim(), toast.GetAttribute("data-warns"));
        }
        async Task<int> SubscriptionsAsync() => (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(await UserIdAsync(AdminEmail)).GetSnapshotAsync()).Subscriptions.Count;

        Assert.Equal(("Subscribed: you are emailed about this job's failures, missed runs, escalations and recoveries.", "false"), await PressAsync("Subscribe"));
        Assert.Equal(("You are subscribed to this job already.", "true"), await PressAsync("Subscribe"));
        Assert.Equal(1, await SubscriptionsAsync());
        Assert.Equal(("Unsubscribed from this job.", "false"), await PressAsync("Unsubscribe"));
        Assert.Equal(("You were not subscribed to this job.", "true"), await PressAsync("Unsubscribe"));

        await QueryAsync(db => db.Channels.ExecuteUpdateAsync(set => set.SetProperty(c => c.Enabled, false)));
        var (text, warns) = await PressAsync("Subscribe");
        Assert.Equal("true", warns);
        Assert.StartsWith("Subscribed, but no Email channel is enabled", text);
        Assert.Equal(1, await SubscriptionsAsync());
    }

    [Fact]
    public async Task A_job_page_says_which_server_subscription_still_covers_the_job_after_unsubscribing_from_it()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);
        await ReportAsync("nas-01", "documents", "success");
        var jobPage = "/Jobs/Details?id=nas-01%2Fdocuments";
        Assert.Equal(HttpStatusCode.Redirect, (await PostSubscriptionsAsync(member, [
            ("Server", "nas-01", ["Failure", "Recovered"]),
            ("Job", "nas-01/documents", ["Failure", "Overdue", "Escalation", "Recovered"]),
        ])).StatusCode);

        var page = await member.GetDocumentAsync(jobPage);
        Assert.Equal("You hear about this job's failures, missed runs, escalations, recoveries through your subscription to it, and its failures, recoveries through your subscription to server nas-01.",
            page.QuerySelector("#my-wider-subscriptions")?.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#unsubscribe"));

        Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync(jobPage, new Dictionary<string, string>(), "form[action*=Unsubscribe]")).StatusCode);

        page = await member.GetDocumentAsync(jobPage);
        Assert.Contains("Unsubscribed from this job. You still hear about its failures, recoveries through your subscription to server nas-01", page.QuerySelector("#toasts")!.TextContent);
        Assert.Null(page.QuerySelector("#unsubscribe"));
        Assert.NotNull(page.QuerySelector("#subscribe")); // the job's own subscription would add missed runs and escalations

        await PostSubscriptionsAsync(member, [("Server", "nas-01", ["Failure", "Overdue", "Escalation", "Recovered"])]);
        page = await member.GetDocumentAsync(jobPage);
        Assert.Null(page.QuerySelector("#subscribe")); // it would add nothing
        Assert.Contains("failures, missed runs, escalations, recoveries through your subscription to server nas-01", page.QuerySelector("#my-wider-subscriptions")!.TextContent);
    }

    [Fact]
    public async Task In_quiet_hours_a_warning_waits_for_the_digest_a_failure_comes_at_once_and_other_jobs_say_nothing()
    {
        await MemberWithQuietHoursAsync();
        var harness = new DeliveryHarness(App);

        await ReportAsync("nas-01", "documents", "warning");
        await ReportAsync("nas-01", "photos", "failure");
        await ReportAsync("nas-02", "photos", "failure"); // another server: not subscribed
        await ReportAsync("db-01", "other", "failure"); // another job of a server with one subscribed job
        await harness.DispatchOnceAsync();
        var atNight = _smtp.Messages().Where(m => m.RcptTos.Contains(MemberEmail)).ToList();
        var earlyDigests = await App.Services.GetRequiredService<DigestSender>().SendDueAsync();

        Clock.Advance(_quietEnds - Clock.GetUtcNow()); // the quiet hours end
        var carried = await App.Services.GetRequiredService<DigestSender>().SendDueAsync();
        var again = await App.Services.GetRequiredService<DigestSender>().SendDueAsync();
        await harness.DispatchOnceAsync();
        var mail = _smtp.Messages().Where(m => m.RcptTos.Contains(MemberEmail)).ToList();
        var rows = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.Recipient == MemberEmail).OrderBy(r => r.Id).ToListAsync());

        var failure = Assert.Single(atNight);
        Assert.Contains("nas-01", failure.Subject);
        Assert.Contains("photos", failure.Subject);
        Assert.Contains("(Europe/Berlin)", failure.Text); // the times in the reader's own zone, not UTC
        Assert.DoesNotContain("UTC", failure.Text); // the footer's time too
        Assert.Equal(0, earlyDigests);
        Assert.Equal(1, carried);
        Assert.Equal(0, again); // sent once
        var digest = Assert.Single(mail, m => m.Subject.StartsWith("While you were away"));
        Assert.Equal("While you were away: 1 notice (1 warning)", digest.Subject);
        Assert.Contains("documents", digest.Text);
        Assert.Equal(2, mail.Count);
        Assert.Equal([OutboxStatus.Digested, OutboxStatus.Sent, OutboxStatus.Sent], rows.Select(r => r.Status));
    }

    [Fact]
    public async Task Quiet_hours_turned_off_early_let_what_they_held_out_at_once_as_the_digest()
    {
        var member = await MemberWithQuietHoursAsync();
        await ReportAsync("nas-01", "documents", "warning");
        var heldUntil = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.Recipient == MemberEmail).Select(r => new { r.Status, r.NextAttemptAt }).SingleAsync());

        // Before they end, the member removes their quiet hours (the clock does not move).
        var saved = await member.SubmitAsync("/Account/Notifications", new Dictionary<string, string>
        {
            ["Input.TimeZoneId"] = "Europe/Berlin", ["Input.QuietFrom"] = "", ["Input.QuietTo"] = "",
            ["Input.QuietWeekends"] = "false", ["Input.UrgentComesThrough"] = "true",
        }, "#preferences-form");
        await new DeliveryHarness(App).DispatchOnceAsync();

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(OutboxStatus.Held, heldUntil.Status);
        Assert.True(heldUntil.NextAttemptAt > Clock.GetUtcNow());
        var digest = Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(MemberEmail));
        Assert.Equal("While you were away: 1 notice (1 warning)", digest.Subject);
        Assert.Equal(0, await QueryAsync(db => db.Outbox.CountAsync(r => r.Status == OutboxStatus.Held)));
        // The Delivery log says when the warning went into the digest (now), not when it was due.
        var digested = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.Status == OutboxStatus.Digested).Select(r => r.NextAttemptAt).SingleAsync());
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), digested.ToUnixTimeMilliseconds());
        var log = await (await LoginAsync(AdminEmail, AdminPassword)).GetDocumentAsync("/Deliveries");
        Assert.Contains(log.QuerySelectorAll("tbody tr td").Select(td => td.TextContent), text => text.StartsWith("in the digest of "));
    }

    [Theory]
    [InlineData("new address")]
    [InlineData("disabled")]
    [InlineData("deleted")]
    public async Task A_digest_goes_to_the_address_the_account_has_when_it_is_sent_and_an_account_disabled_or_deleted_has_its_held_mail_cancelled_at_once(string change)
    {
        await MemberWithQuietHoursAsync();
        await ReportAsync("nas-01", "documents", "warning");

        // While the quiet hours hold the warning, an admin changes the account.
        using (var scope = App.Services.CreateScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var member = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(MemberEmail))!;
            var adminId = await UserIdAsync(AdminEmail);
            var result = change switch
            {
                "new address" => await accounts.UpdateAsync(member, "moved@example.org", "Member", Roles.Member, adminId),
                "disabled" => await accounts.SetDisabledAsync(member, true, adminId),
                _ => await accounts.DeleteAsync(member, adminId),
            };
            Assert.True(result.Succeeded);
        }

        // A disabled or deleted account's held mail is cancelled at once, not left "held" until the quiet hours end.
        var heldNow = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.Title.Contains("documents")).Select(r => r.Status).SingleAsync());
        Assert.Equal(change == "new address" ? OutboxStatus.Held : OutboxStatus.Cancelled, heldNow);
        if (change != "new address")
        {
            // The job page's "who was told" finds the row of an account deleted since (no address left to match it by).
            var page = await (await LoginAsync(AdminEmail, AdminPassword)).GetDocumentAsync("/Jobs/Details?id=nas-01%2Fdocuments");
            var entry = page.QuerySelectorAll("[data-route] li[data-person]").Single(li => li.TextContent.Contains("held by quiet hours"));
            Assert.Equal("Cancelled", entry.QuerySelector("[data-delivery]")!.TextContent);
            Assert.Contains($"Not sent: the account {(change == "disabled" ? "is disabled" : "was deleted")}.", entry.TextContent);
        }

        Clock.Advance(_quietEnds - Clock.GetUtcNow());
        await App.Services.GetRequiredService<DigestSender>().SendDueAsync();
        await new DeliveryHarness(App).DispatchOnceAsync();

        var digests = _smtp.Messages().Where(m => m.Subject.StartsWith("While you were away")).ToList();
        if (change == "new address") Assert.Equal(["moved@example.org"], Assert.Single(digests).RcptTos);
        else
        {
            Assert.Empty(digests);
            var held = await QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(r => r.Title.Contains("documents")));
            Assert.Equal((OutboxStatus.Cancelled, $"Not sent: the account {(change == "disabled" ? "is disabled" : "was deleted")}."), (held.Status, held.LastError));
        }
    }

    [Fact]
    public async Task Held_mail_moves_to_the_next_email_channel_when_its_channel_is_deleted()
    {
        await MemberWithQuietHoursAsync();
        await ReportAsync("nas-01", "documents", "warning");
        var replacement = await new DeliveryHarness(App).AddChannelAsync("New mail server", new EmailSettings
        {
            Host = "localhost", Port = _smtp.Port, Security = SmtpSecurity.None, From = "new-hub@example.test", To = "ops@example.test",
        });

        // An admin replaces the mail server: the old channel goes while the warning is held.
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var old = await db.Channels.SingleAsync(c => c.Id != replacement);
            await scope.ServiceProvider.GetRequiredService<ChannelStore>().DeleteAsync(old, default);
        }

        Clock.Advance(_quietEnds - Clock.GetUtcNow());
        await App.Services.GetRequiredService<DigestSender>().SendDueAsync();
        await new DeliveryHarness(App).DispatchOnceAsync();

        var digest = Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(MemberEmail) && m.Subject.StartsWith("While you were away"));
        Assert.Contains("new-hub@example.test", digest.From);
    }

    [Fact]
    public async Task A_held_notice_can_be_cancelled_but_not_retried_and_the_409_says_it_waits_for_the_digest()
    {
        await MemberWithQuietHoursAsync();
        await ReportAsync("nas-01", "documents", "warning");
        var api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        var id = await QueryAsync(db => db.Outbox.Where(r => r.Status == OutboxStatus.Held).Select(r => r.Id).SingleAsync());

        var (retried, retry, _) = await api.JsonAsync("POST", $"/api/v1/deliveries/{id}/retry");
        var (cancelled, cancel, _) = await api.JsonAsync("POST", $"/api/v1/deliveries/{id}/cancel");

        Assert.Equal((409, 200), (retried, cancelled));
        Assert.Contains("is held by quiet hours for their digest", retry!["detail"]!.GetValue<string>());
        Assert.Equal("cancelled", cancel!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_digest_says_each_held_notice_in_the_email_wording()
    {
        await MemberWithQuietHoursAsync();
        using (var scope = App.Services.CreateScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<TemplateEditor>().SaveAsync(EventTypes.BackupWarning, ChannelKind.Email,
                new TemplateDraft("Mail wording: {{backupName}} warned", "Look at {{serverName}}", 3, ""), AdminEmail, CancellationToken.None);
            Assert.Empty(saved.Problems);
        }

        await ReportAsync("nas-01", "documents", "warning");
        Clock.Advance(_quietEnds - Clock.GetUtcNow());
        await App.Services.GetRequiredService<DigestSender>().SendDueAsync();
        await new DeliveryHarness(App).DispatchOnceAsync();

        var digest = Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(MemberEmail) && m.Subject.StartsWith("While you were away"));
        Assert.Contains("Mail wording: documents warned", digest.Text);
    }

    [Fact]
    public async Task The_why_view_says_held_until_the_quiet_hours_end_in_the_api_and_names_subscribers_on_the_job_page()
    {
        var member = await MemberWithQuietHoursAsync();
        var api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadOnly));

        await ReportAsync("nas-01", "documents", "warning");
        await ReportAsync("nas-01", "documents", "failure");
        await ReportAsync("nas-02", "documents", "success");
        await ReportAsync("nas-01", "documents", "success");
        var (_, runs, _) = await api.JsonAsync("GET", "/api/v1/jobs/nas-01/documents/runs");
        var page = await member.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fdocuments");

        var warning = runs!.AsArray()[2]!["told"]!.AsArray().Single(e => e!["user"]?.GetValue<string>() == MemberEmail)!;
        Assert.True(warning["told"]!.GetValue<bool>());
        Assert.Equal("subscribed to failures, warnings, recoveries", warning["condition"]!.GetValue<string>());
        Assert.Contains($"held by quiet hours until {_quietEnds:yyyy-MM-dd HH:mm} UTC", warning["why"]!.GetValue<string>()); // the API's times are UTC
        var heldOnPage = page.QuerySelectorAll("[data-route] [data-person='Max Member']").Select(e => e.TextContent).First(text => text.Contains("held by quiet hours"));
        Assert.Contains($"held by quiet hours until {QuietEndsInBerlin}", heldOnPage); // the page's: its reader's (the member's Berlin)
        Assert.Equal("held", warning["delivery"]!["status"]!.GetValue<string>());
        var failure = runs.AsArray()[1]!["told"]!.AsArray().Single(e => e!["user"]?.GetValue<string>() == MemberEmail)!;
        Assert.Equal("Failure notice, by email", failure["why"]!.GetValue<string>()); // urgent: through quiet hours
        Assert.Equal("pending", failure["delivery"]!["status"]!.GetValue<string>());
        var recovery = runs.AsArray()[0]!["told"]!.AsArray().Single(e => e!["user"]?.GetValue<string>() == MemberEmail)!;
        Assert.StartsWith("Recovered notice", recovery["why"]!.GetValue<string>());
        Assert.Contains("held by quiet hours", recovery["why"]!.GetValue<string>());
        var subscriber = page.QuerySelector($"#job-subscribers [data-subscriber='{await UserIdAsync(MemberEmail)}']")!;
        Assert.StartsWith("Max Member:", subscriber.TextContent.Trim());
        Assert.DoesNotContain("@", page.QuerySelector("#job-subscribers")!.TextContent); // a Member reads names, not colleagues' addresses
        var toldPeople = page.QuerySelectorAll("[data-route] [data-person]").Select(e => e.GetAttribute("data-person")!).ToList();
        Assert.Contains("Max Member", toldPeople); // "who was told" too (it showed the address)
        Assert.DoesNotContain(toldPeople, name => name.Contains('@'));
        Assert.Contains("failures, warnings, recoveries", subscriber.TextContent);
        Assert.Contains("server nas-01", subscriber.TextContent);
        Assert.Contains($"{_quietFrom:HH:mm}–{_quietTo:HH:mm}", subscriber.TextContent);
    }

    [Fact]
    public async Task A_subscription_without_outcomes_or_with_a_job_named_wrongly_is_refused_at_its_row_and_nothing_changes()
    {
        var member = await MemberWithQuietHoursAsync();

        var response = await PostSubscriptionsAsync(member, [("Server", "nas-09", []), ("Job", "no-slash", ["Failure"]), ("Job", "anchor-test", [])]);
        var page = await FormClient.ParseAsync(response);
        var userId = await UserIdAsync(MemberEmail);
        var kept = (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(userId).GetSnapshotAsync()).Subscriptions;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Choose at least one outcome.", page.QuerySelector("[data-field-error='Subscriptions[0].Outcomes']")!.TextContent.Trim());
        Assert.StartsWith("Name the job as server/job", page.QuerySelector("[data-field-error='Subscriptions[1].Target']")!.TextContent.Trim());
        Assert.StartsWith("Name the job as server/job", page.QuerySelector("[data-field-error='Subscriptions[2].Target']")!.TextContent.Trim()); // both of a row's errors at once
        Assert.Equal("Choose at least one outcome.", page.QuerySelector("[data-field-error='Subscriptions[2].Outcomes']")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-unmatched='2']")); // no "no job by this name" beside the error
        Assert.Equal(["nas-01", "db-01/dump"], kept.Select(s => s.Target));
        // Each error is read out with its field (a screen reader heard a red border alone).
        var target = page.QuerySelector("#Subscriptions_1_Target")!;
        Assert.Equal("true", target.GetAttribute("aria-invalid"));
        Assert.StartsWith("Name the job as server/job", page.GetElementById(target.GetAttribute("aria-describedby")!)!.TextContent.Trim());
        Assert.Equal("Choose at least one outcome.", page.GetElementById(page.QuerySelector("[data-subscription='0'] [role='group']")!.GetAttribute("aria-describedby")!)!.TextContent.Trim());
        Assert.Null(page.QuerySelector("#Subscriptions_3_Target")!.GetAttribute("aria-invalid")); // the blank row is fine
    }

    [Fact]
    public async Task A_subscription_naming_a_server_or_job_that_never_reported_is_kept_and_the_page_says_so()
    {
        var member = await MemberWithQuietHoursAsync();
        await ReportAsync("nas-01", "documents", "success");

        var saved = await PostSubscriptionsAsync(member, [("Server", "NAS-01", ["Failure"]), ("Job", "nas-01/documnets", ["Failure"]), ("Server", "nas-10", ["Failure"])]);
        var page = await member.GetDocumentAsync("/Account/Notifications");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode); // kept: a subscription may come before the first report
        Assert.Equal(["1", "2"], page.QuerySelectorAll("[data-unmatched]").Select(e => e.GetAttribute("data-unmatched")!));
        Assert.StartsWith("No job by this name reports here: check the spelling (or it was deleted)", page.QuerySelector("[data-unmatched='1']")!.TextContent);
        Assert.StartsWith("No server by this name", page.QuerySelector("[data-unmatched='2']")!.TextContent);
    }

    [Theory]
    [InlineData("21:00", "", "Input.QuietTo", QuietHours.OneEndMissing)]
    [InlineData("22:00", "22:00", "Input.QuietTo", QuietHours.EndsAtStart)]
    [InlineData("9pm", "07:00", "Input.QuietFrom", TimeOfDay.Problem)] // that message alone, not also "give both"
    public async Task A_quiet_hours_mistake_gets_one_message_next_to_its_field_and_the_saved_hours_stay(string from, string to, string field, string message)
    {
        var member = await MemberWithQuietHoursAsync();

        var response = await member.SubmitAsync("/Account/Notifications", new Dictionary<string, string>
        {
            ["Input.TimeZoneId"] = "Europe/Berlin", ["Input.QuietFrom"] = from, ["Input.QuietTo"] = to,
            ["Input.QuietWeekends"] = "true", ["Input.UrgentComesThrough"] = "true",
        }, "#preferences-form");
        var page = await FormClient.ParseAsync(response);
        var userId = await UserIdAsync(MemberEmail);
        var kept = (await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(userId).GetSnapshotAsync()).Preferences.Quiet;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, page.QuerySelector($"[data-field-error='{field}']")!.TextContent.Trim());
        Assert.Equal(new QuietHours(TimeOnly.Parse($"{_quietFrom:HH:mm}"), TimeOnly.Parse($"{_quietTo:HH:mm}"), Weekends: false, UrgentComesThrough: true), kept);
    }

    [Fact]
    public async Task An_admin_sets_someone_elses_subscriptions_and_a_member_cannot()
    {
        var member = await MemberWithQuietHoursAsync();
        var admin = await LoginAsync(AdminEmail, AdminPassword);
        var adminId = await UserIdAsync(AdminEmail);
        var memberId = await UserIdAsync(MemberEmail);

        var othersPage = await admin.GetDocumentAsync($"/Account/Notifications?user={memberId}");
        var byAdmin = await admin.Http.PostAsync($"/Account/Notifications?user={memberId}&handler=Subscriptions", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", await admin.AntiforgeryTokenAsync($"/Account/Notifications?user={memberId}")),
            new("Subscriptions[0].Scope", "AllJobs"), new("Subscriptions[0].Outcomes", "Escalation"),
        ]));
        var refused = await member.Http.GetAsync($"/Account/Notifications?user={adminId}");
        var snapshot = await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(memberId).GetSnapshotAsync();

        Assert.Contains("Notifications of member@example.test", othersPage.QuerySelector("h1")!.TextContent);
        // The page speaks of them, and gives its times in the admin's zone (UTC), not the member's (Europe/Berlin).
        Assert.Equal("Email them when someone logs in to their account", othersPage.QuerySelector("label[for=Input_EmailOnOwnLogin]")!.TextContent);
        Assert.DoesNotContain(" your ", othersPage.QuerySelector("#preferences-form")!.TextContent);
        Assert.EndsWith(" UTC", othersPage.QuerySelector("#last-saved")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, byAdmin.StatusCode);
        Assert.Equal([new Subscription(SubscriptionScope.AllJobs, null, Outcomes.Escalation)], snapshot.Subscriptions);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}

public sealed class SubscriptionTestsOnSqlite() : SubscriptionTests(DatabaseProvider.Sqlite);
public sealed class SubscriptionTestsOnPostgres() : SubscriptionTests(DatabaseProvider.Postgres);
