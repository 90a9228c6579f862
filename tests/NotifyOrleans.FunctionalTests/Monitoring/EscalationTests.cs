using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>
/// Incidents in the real app with real time: failures in a row before alerting, failure repeats,
/// escalation by failures and by time, acknowledgement from the notification's signed link,
/// recovery to everyone told, and a run that starts and never finishes.
/// </summary>
// Repeats seconds apart, watched in real time (the app refuses repeats under 5 minutes by default).
public abstract class EscalationTests(DatabaseProvider provider)
    : ConsoleTestBase(provider, services => services.PostConfigure<MonitoringOptions>(o => o.MinimumRepeat = TimeSpan.FromSeconds(1))), IAsyncLifetime
{
    private ApiClient _api = null!;
    private Guid _onCall, _boss;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        var harness = new DeliveryHarness(App);
        _onCall = await harness.AddChannelAsync("On call", new WebhookSettings { Url = "http://127.0.0.1:9/on-call" });
        _boss = await harness.AddChannelAsync("Boss", new WebhookSettings { Url = "http://127.0.0.1:9/boss" });
        _key = await ApiClient.CreateIngestKeyAsync(App);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record Notice(Guid Channel, string Event, string Json);

    private Task<List<Notice>> NoticesAsync() => QueryAsync(async db =>
        (await db.Outbox.AsNoTracking().Where(r => r.JobKey == "nas-01/nightly").OrderBy(r => r.Id).Select(r => new { r.ChannelId, r.EventType, r.MessageJson }).ToListAsync())
        .Select(r => new Notice(r.ChannelId, r.EventType, r.MessageJson)).ToList());

    private async Task ReportAsync(string status)
    {
        var response = await App.CreateClient().PostAsync($"/api/v1/runs?key={_key}",
            new StringContent($$"""{"server":"nas-01","job":"nightly","status":"{{status}}"}""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_step_naming_many_people_nobody_can_email_keeps_the_job_reporting()
    {
        // No Email channel: nobody in the step can be emailed, and the timeline names each of them.
        var admin = await SetUpAdminAsync();
        var people = Enumerable.Range(1, 12).Select(i => $"person-{i:D2}-of-the-night-shift-in-the-data-centre@example.test").ToList();
        foreach (var person in people) await CreateMemberAsync(admin, person);
        var (status, _, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly",
            $$"""{"escalation":[{"afterFailures":1,"users":[{{string.Join(",", people.Select(p => $"\"{p}\""))}}]}]}""");

        await ReportAsync("failure"); // the line naming twelve people was longer than its column: on PostgreSQL every report of the job failed
        await ReportAsync("success");

        var (_, timeline, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly/timeline");
        Assert.Equal(201, status); // the job set up before its first report
        var unreachable = timeline!.AsArray().Select(e => e!["text"]!.GetValue<string>()).Where(t => t.StartsWith("Could not email")).ToList();
        Assert.Equal(2, unreachable.Count); // the escalation and the recovery
        Assert.All(unreachable, text => Assert.InRange(text.Length, 900, 1000));
    }

    private static string? AcknowledgeLink(Notice notice) =>
        JsonNode.Parse(notice.Json)!["links"]!.AsArray().FirstOrDefault(l => l!["label"]!.GetValue<string>() == "Acknowledge")?["url"]!.GetValue<string>();

    [Fact]
    public async Task A_failing_job_alerts_from_the_second_failure_escalates_is_acknowledged_from_its_link_and_recovers_to_everyone_told()
    {
        var (status, _, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly", $$"""
            {"assignments":[{"channel":"{{_onCall}}","when":["failure"]}],"failuresBeforeAlert":2,"failureRepeat":"2s",
             "escalation":[{"afterFailures":3,"channels":["{{_boss}}"],"priority":"high"},{"after":"3s","channels":["{{_boss}}"]}]}
            """);
        await ReportAsync("failure");
        var afterFirst = await NoticesAsync();
        await ReportAsync("failure");
        await ReportAsync("failure");
        await DeliveryHarness.EventuallyAsync(async () => (await NoticesAsync()).Count(n => n.Event == EventTypes.BackupEscalated) == 2
            && (await NoticesAsync()).Any(n => n.Event == EventTypes.BackupFailure && n.Json.Contains("Still failing")), TimeSpan.FromSeconds(60), "both escalation steps and a failure repeat");
        var (_, failing, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly");

        var admin = await SetUpAdminAsync(); // an installation in use: the console has its admin
        var link = AcknowledgeLink((await NoticesAsync()).First(n => n.Event == EventTypes.BackupFailure && n.Channel == _onCall))!;
        var browser = NewClient();
        var page = await browser.GetDocumentAsync(new Uri(link).PathAndQuery);
        var openedSignedIn = await admin.GetDocumentAsync(new Uri(link).PathAndQuery);
        var put = await browser.Http.PutAsync(new Uri(link).PathAndQuery, new StringContent("")); // an ntfy action set to another method
        var changed = await browser.Http.GetAsync(new Uri(link).PathAndQuery[..^2] + "xx");
        var acknowledge = await browser.Http.PostAsync(new Uri(link).PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ada", ["comment"] = "restoring the disk" }));
        var acknowledgedPage = await FormClient.ParseAsync(acknowledge);
        var afterAcknowledge = (await NoticesAsync()).Count;
        await Task.Delay(TimeSpan.FromSeconds(5)); // longer than the repeat period
        var whileAcknowledged = (await NoticesAsync()).Count;
        var (_, acknowledged, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly");
        await ReportAsync("failure"); // one more failed run: still news, and it says who is on it
        var failedWhileAcknowledged = (await NoticesAsync()).Last(n => n.Event == EventTypes.BackupFailure);
        await ReportAsync("success");
        var notices = await NoticesAsync();
        var again = await browser.Http.PostAsync(new Uri(link).PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>()));
        var (_, timeline, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly/timeline");
        var jobPage = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fnightly");
        await ReportAsync("failure");
        await ReportAsync("failure"); // a newer incident: still not the old link's to acknowledge
        var newer = await browser.Http.PostAsync(new Uri(link).PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["via"] = "ntfy topic backups" }));

        Assert.Equal(201, status);
        Assert.Empty(afterFirst); // one failure is below the threshold
        var escalations = notices.Where(n => n.Event == EventTypes.BackupEscalated).ToList();
        Assert.All(escalations, n => Assert.Equal(_boss, n.Channel));
        Assert.Equal([4, 5], escalations.Select(n => JsonNode.Parse(n.Json)!["priority"]!.GetValue<int>()));
        Assert.Equal((3, true), (failing!["consecutiveFailures"]!.GetValue<int>(), failing["incidentSince"] is not null));
        Assert.True(page.QuerySelector("#acknowledge-form") is not null, page.QuerySelector("#acknowledge")?.TextContent); // a GET only shows: link previews must not acknowledge
        Assert.Equal(HttpStatusCode.OK, acknowledge.StatusCode);
        // What it is about, without the notice beside it, and without the incident's start said a second time.
        Assert.Equal("Failing, 3 failed runs in a row", page.QuerySelector("#incident-what")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode); // was a 500
        Assert.Equal("GET, HEAD, POST", string.Join(", ", put.Content.Headers.Allow.Order()));
        Assert.Contains("This page does not take that request", await put.Content.ReadAsStringAsync()); // not "the error was logged"
        Assert.Equal(HttpStatusCode.NotFound, changed.StatusCode);
        Assert.Equal(("Sign in", "/"), ((await FormClient.ParseAsync(changed)).QuerySelector("#to-console")!.TextContent, (await FormClient.ParseAsync(changed)).QuerySelector("#to-console")!.GetAttribute("href"))); // not a dead end
        Assert.Equal(("", "/Jobs/Details?id=nas-01%2Fnightly"), (page.QuerySelector("#name")!.GetAttribute("value") ?? "", page.QuerySelector("#job-link")!.GetAttribute("href")));
        Assert.Contains("You acknowledge as Ada Admin", openedSignedIn.QuerySelector("#acknowledging-as")!.TextContent); // whoever is signed in needs not type their name
        Assert.Null(openedSignedIn.QuerySelector("#name"));
        Assert.Contains("Acknowledged", acknowledgedPage.QuerySelector("#outcome")!.TextContent);
        Assert.Equal(afterAcknowledge, whileAcknowledged); // repeats and escalation stopped
        Assert.Equal(_onCall, failedWhileAcknowledged.Channel);
        Assert.Contains("by Ada (name typed on a notification link, not signed in), ", failedWhileAcknowledged.Json);
        Assert.Null(AcknowledgeLink(failedWhileAcknowledged)); // nothing left to acknowledge
        Assert.Equal(("Ada (name typed on a notification link, not signed in)", "restoring the disk"), (acknowledged!["acknowledged"]!["by"]!.GetValue<string>(), acknowledged["acknowledged"]!["comment"]!.GetValue<string>()));
        var recovered = notices.Where(n => n.Event == EventTypes.BackupRecovered).ToList();
        Assert.Equal(new[] { _onCall, _boss }.Order(), recovered.Select(n => n.Channel).Order());
        Assert.All(recovered, n => Assert.Contains("after being down for", n.Json));
        // An old link cannot acknowledge anew, and fails as a tap: ntfy then keeps the notice instead of clearing it.
        Assert.Equal((HttpStatusCode.Conflict, "This incident is over: the job has recovered since. Nothing was acknowledged."),
            (again.StatusCode, (await FormClient.ParseAsync(again)).QuerySelector("#outcome")!.TextContent));
        Assert.Equal(HttpStatusCode.Conflict, newer.StatusCode);
        Assert.Matches(@"^This incident is over, and the job has a newer one, open since .+ \(just now\)\. Acknowledge that one from its own notice or from the job's page\. Nothing was acknowledged\.$",
            (await FormClient.ParseAsync(newer)).QuerySelector("#outcome")!.TextContent);
        var kinds = timeline!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).Reverse().ToList();
        Assert.Equal("failing", kinds[0]);
        Assert.Equal(["escalated", "escalated"], kinds.Where(k => k == "escalated"));
        Assert.Contains("repeat", kinds);
        Assert.Equal(["acknowledged", "recovered"], kinds[^2..]);
        Assert.Equal(kinds.Count, jobPage.QuerySelectorAll("#timeline > li").Length);
    }

    [Fact]
    public async Task A_run_that_starts_and_does_not_finish_within_its_maximum_duration_is_overdue()
    {
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly", $$"""{"assignments":[{"channel":"{{_onCall}}","when":["overdue"]}],"maxDuration":"2s"}""");
        var ping = await ApiClient.CreatePingKeyAsync(App, "nas-01", "nightly");

        var started = await App.CreateClient().PostAsync($"/ping/{ping}/start", null);
        await DeliveryHarness.EventuallyAsync(async () => (await NoticesAsync()).Any(n => n.Event == EventTypes.BackupOverdue), TimeSpan.FromSeconds(60), "the overdue notice");
        var (_, running, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly");
        await App.CreateClient().PostAsync($"/ping/{ping}", null);
        var notices = await NoticesAsync();
        var page = await (await SetUpAdminAsync()).GetDocumentAsync("/Jobs/Details?id=nas-01%2Fnightly");

        Assert.True(started.IsSuccessStatusCode);
        Assert.Contains("has not finished", notices.First(n => n.Event == EventTypes.BackupOverdue).Json);
        Assert.DoesNotContain("Last run", notices.First(n => n.Event == EventTypes.BackupOverdue).Json); // no run had finished: none to name
        Assert.Equal("No schedule", page.QuerySelector("#schedule-text")!.TextContent); // not "never overdue": the limit makes it so
        Assert.StartsWith("No schedule: only a run that started", page.QuerySelector("#monitoring-state")!.TextContent);
        Assert.NotNull(running!["runningSince"]);
        Assert.Equal("overdue", running["monitoring"]!.GetValue<string>());
        Assert.Single(notices, n => n.Event == EventTypes.BackupRecovered);
    }

    [Fact]
    public async Task A_step_holds_its_email_for_someone_whose_quiet_hours_let_nothing_through_and_sends_at_once_to_someone_whose_let_it()
    {
        await new DeliveryHarness(App).AddChannelAsync("Ops mail", new EmailSettings { Host = "localhost", Port = 9, Security = SmtpSecurity.None, From = "hub@example.test", To = "ops@example.test" });
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await CreateMemberAsync(admin, "night@example.test");
        // Quiet all day, every day: one lets failures and escalations through, the other does not.
        var allDay = new QuietHours(new TimeOnly(0, 0), new TimeOnly(23, 59), Weekends: true, UrgentComesThrough: false);
        var users = App.Services.GetRequiredService<IGrainFactory>();
        await users.GetGrain<IUserGrain>(await UserIdAsync("night@example.test")).UpdatePreferencesAsync(new NotificationPreferences("UTC", true, allDay));
        await users.GetGrain<IUserGrain>(await UserIdAsync(MemberEmail)).UpdatePreferencesAsync(new NotificationPreferences("UTC", true, allDay with { UrgentComesThrough = true }));
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly", $$"""{"escalation":[{"afterFailures":1,"users":["{{MemberEmail}}","night@example.test"]}]}""");

        await ReportAsync("failure");

        var rows = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.EventType == EventTypes.BackupEscalated).ToListAsync());
        var night = rows.Single(r => r.Recipient == "night@example.test");
        var member = rows.Single(r => r.Recipient == MemberEmail);
        Assert.Equal(await UserIdAsync("night@example.test"), night.HeldFor); // for their digest, when their quiet time ends
        Assert.True(night.NextAttemptAt > DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(member.HeldFor);
    }

    [Fact]
    public async Task A_step_emails_the_people_it_names_who_hear_of_the_recovery_too_and_the_timeline_names_whom_it_could_not_reach()
    {
        await using var smtp = await SmtpServer.StartAsync("plain", auth: false);
        var mail = await new DeliveryHarness(App).AddChannelAsync("Ops mail", new EmailSettings
        {
            Host = "localhost", Port = smtp.Port, Security = SmtpSecurity.None, From = "hub@example.test", To = "ops@example.test",
        });
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await CreateMemberAsync(admin, "gone@example.test");
        await QueryAsync(db => db.Users.Where(u => u.Email == "gone@example.test").ExecuteUpdateAsync(u => u.SetProperty(x => x.IsDisabled, true)));
        // The member reads times in Tokyo's (set as on My notifications); the admin has the default, UTC.
        await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(await UserIdAsync(MemberEmail))
            .UpdatePreferencesAsync(new NotificationPreferences("Asia/Tokyo", EmailOnOwnLogin: true));

        var (unknown, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly", """{"escalation":[{"afterFailures":1,"users":["nobody@example.test"]}]}""");
        var (status, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly",
            """{"escalation":[{"afterFailures":1,"users":["MEMBER@example.test","admin@example.test","gone@example.test"],"priority":"urgent"}]}""");
        await ReportAsync("failure");
        await ReportAsync("success");
        string[] MailTo(string address) => smtp.Messages().Where(m => m.RcptTos.Contains(address)).Select(m => m.Subject).ToArray();
        var harness = new DeliveryHarness(App);
        await harness.DispatchOnceAsync();
        await DeliveryHarness.EventuallyAsync(() => Task.FromResult(MailTo(MemberEmail).Length == 2 && MailTo(AdminEmail).Length == 2), TimeSpan.FromSeconds(30), "the escalation and the recovery to both people");
        var rows = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.JobKey == "nas-01/nightly").Select(r => new { r.EventType, r.ChannelId, r.Recipient }).ToListAsync());
        var (_, timeline, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly/timeline");
        var page = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fnightly");
        var dashboard = new ApiClient(App.CreateClient(), _key); // an ingest key, as a dashboard reads jobs with it
        var (_, seenByKey, _) = await dashboard.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly");
        var (timelineByKey, _, _) = await dashboard.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly/timeline");
        var (runsByKey, _, _) = await dashboard.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly/runs");

        Assert.Equal((400, "escalation[0].users[0]"), (unknown, problem!["field"]!.GetValue<string>()));
        Assert.Equal(201, status);
        Assert.Equal(["member@example.test", AdminEmail, "gone@example.test"], job!["escalation"]![0]!["users"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal(["a person", "a person", "a person"], seenByKey!["escalation"]![0]!["users"]!.AsArray().Select(u => u!.GetValue<string>())); // not their addresses
        Assert.Equal((403, 403), (timelineByKey, runsByKey)); // who was told is for API tokens
        var escalated = rows.Where(r => r.EventType == EventTypes.BackupEscalated).ToList();
        Assert.All(escalated, r => Assert.Equal(mail, r.ChannelId));
        Assert.Equal(new[] { AdminEmail, MemberEmail }.Order(), escalated.Select(r => r.Recipient).Order());
        Assert.Equal(new[] { AdminEmail, MemberEmail }.Order(), rows.Where(r => r.EventType == EventTypes.BackupRecovered).Select(r => r.Recipient).Order());
        Assert.Empty(MailTo("ops@example.test")); // the channel itself is not in the step
        Assert.Empty(MailTo("gone@example.test"));
        Assert.Equal(["🚨 Escalated: backup nightly on nas-01 is still down", "✅ Backup nightly on nas-01 is back to normal"], MailTo(MemberEmail));
        Assert.All(smtp.Messages().Where(m => m.RcptTos.Contains(MemberEmail)), m => Assert.Contains("(Asia/Tokyo)", m.Text));
        Assert.All(smtp.Messages().Where(m => m.RcptTos.Contains(AdminEmail)), m => Assert.DoesNotContain("(Asia/Tokyo)", m.Text));
        var unreachable = timeline!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "unreachable").Select(e => e!["text"]!.GetValue<string>()).Reverse();
        Assert.Equal(["Could not email escalation step 1 to gone@example.test (account disabled).", "Could not email the recovery to gone@example.test (account disabled)."], unreachable);
        // An admin reads each person by name and address.
        Assert.Contains("Max Member (member@example.test) (email)", page.QuerySelector("#escalation")!.TextContent);
        Assert.Contains("Could not email escalation step 1 to Max Member (gone@example.test) (account disabled).", page.QuerySelector("#timeline")!.TextContent);
        // A Member reads the same page with colleagues named, not their addresses.
        var asMember = await (await LoginAsync(MemberEmail, MemberPassword)).GetDocumentAsync("/Jobs/Details?id=nas-01%2Fnightly");
        Assert.Contains("Ada Admin (email)", asMember.QuerySelector("#escalation")!.TextContent);
        Assert.DoesNotContain("@", asMember.QuerySelector("#escalation")!.TextContent);
        Assert.Contains("Could not email escalation step 1 to Max Member (account disabled).", asMember.QuerySelector("#timeline")!.TextContent);
        Assert.DoesNotContain("@", asMember.QuerySelector("#timeline")!.TextContent);
    }

    [Theory]
    [InlineData("""{"failuresBeforeAlert":0}""", "failuresBeforeAlert")]
    [InlineData("""{"failuresBeforeAlert":"two"}""", "failuresBeforeAlert")]
    [InlineData("""{"maxDuration":"long"}""", "maxDuration")]
    [InlineData("""{"escalation":{"after":"1h"}}""", "escalation")]
    [InlineData("""{"escalation":[{"after":"1h","channels":[]}]}""", "escalation[0].channels")]
    [InlineData("""{"escalation":[{"after":"1h","afterFailures":2,"channels":["00000000-0000-0000-0000-000000000001"]}]}""", "escalation[0].channels[0]")]
    [InlineData("""{"escalation":[{"after":"soon","channels":[]}]}""", "escalation[0].after")]
    [InlineData("""{"escalation":[{"after":"1h","channels":[],"priority":"loud"}]}""", "escalation[0].priority")]
    [InlineData("""{"escalation":[{"after":"1h","channels":[],"by":"me"}]}""", "escalation[0].by")]
    [InlineData("""{"escalation":[{"after":"1h","users":"ada@example.test"}]}""", "escalation[0].users")]
    [InlineData("""{"escalation":[{"after":"1h","users":[]}]}""", "escalation[0].channels")]
    public async Task Incident_settings_that_cannot_work_are_refused_naming_the_field(string json, string field)
    {
        var (status, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly", json);

        Assert.Equal((400, field), (status, problem!["field"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"failuresBeforeAlert":99999999999}""", "failuresBeforeAlert", "failuresBeforeAlert is 1 (alert on the first failure) to 100.")]
    [InlineData("""{"escalation":[{"afterFailures":99999999999,"channels":["BOSS"]}]}""", "escalation[0].afterFailures", "afterFailures is 1 to 1000.")]
    [InlineData("""{"escalation":[{"after":"99999999D","channels":["BOSS"]}]}""", "escalation[0].after", "escalation[0].after is at most 3653D (ten years).")]
    [InlineData("""{"maxDuration":"P99999999D"}""", "maxDuration", "maxDuration is at most 3653D (ten years).")]
    public async Task A_number_past_any_sense_is_refused_with_the_range_not_as_unreadable(string json, string field, string detail)
    {
        var (status, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly", json.Replace("BOSS", _boss.ToString()));

        Assert.Equal((400, field, detail), (status, problem!["field"]!.GetValue<string>(), problem["detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_global_escalation_policy_is_set_read_back_and_followed_by_jobs_without_their_own()
    {
        var (put, defaults, _) = await _api.JsonAsync("PUT", "/api/v1/settings/job-defaults", $$"""{"escalation":[{"afterFailures":1,"channels":["{{_boss}}"],"priority":"high"}]}""");
        var (bad, problem, _) = await _api.JsonAsync("PUT", "/api/v1/settings/job-defaults", """{"escalation":[{"channels":[]}]}""");
        await ReportAsync("failure");
        var (_, job, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly");

        Assert.Equal(200, put);
        Assert.Equal($$"""[{"after":null,"afterFailures":1,"channels":["{{_boss}}"],"users":[],"priority":"high"}]""", defaults!["escalation"]!.ToJsonString());
        Assert.Equal((400, "escalation[0]"), (bad, problem!["field"]!.GetValue<string>())); // neither after nor afterFailures
        Assert.Null(job!["escalation"]); // its own: none, so it follows the default
        Assert.Single(await NoticesAsync(), n => n.Event == EventTypes.BackupEscalated && n.Channel == _boss);
    }

    [Fact]
    public async Task A_step_added_to_the_global_policy_is_followed_by_incidents_already_open()
    {
        await ReportAsync("failure"); // open, with no policy and no repeat: nothing left to wake the job

        var (put, _, _) = await _api.JsonAsync("PUT", "/api/v1/settings/job-defaults", $$"""{"escalation":[{"after":"3s","channels":["{{_boss}}"]}]}""");

        Assert.Equal(200, put);
        await DeliveryHarness.EventuallyAsync(async () => (await NoticesAsync()).Any(n => n.Event == EventTypes.BackupEscalated && n.Channel == _boss),
            TimeSpan.FromSeconds(30), "the new step's escalation of the open incident");
    }
}

public sealed class EscalationTestsOnSqlite() : EscalationTests(DatabaseProvider.Sqlite);
public sealed class EscalationTestsOnPostgres() : EscalationTests(DatabaseProvider.Postgres);
