using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Api;

/// <summary>
/// <c>/api/v1/users/{email}/notifications</c>: a script sets a person's subscriptions, quiet hours
/// and summary as their "My notifications" page would, reads them back, sees them on the page, and
/// gets each mistake named by its field with nothing changed; Send now queues a summary.
/// </summary>
public abstract class UserNotificationsApiTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    private const string Route = $"/api/v1/users/{AdminEmail}/notifications";

    private const string Everything = """
        {"timeZone":"Europe/Berlin","emailOnOwnLogin":false,
         "subscriptions":[{"scope":"job","target":"nas-01/documents","outcomes":["failure","overdue"]},{"scope":"server","target":"vm","outcomes":["warning"]}],
         "quietHours":{"from":"22:00","to":"07:00","weekends":true,"urgentComesThrough":true},
         "summary":{"frequency":"weekly","at":"08:30","day":"friday"}}
        """;

    private async Task<ApiClient> ApiAsync(ApiAccess access = ApiAccess.ReadWrite) =>
        new(App.CreateClient(), await ApiClient.CreateTokenAsync(App, access, name: access.ToString()));

    [Fact]
    public async Task A_script_sets_subscriptions_quiet_hours_and_a_summary_and_the_person_sees_them_on_their_page()
    {
        var admin = await SetUpAdminAsync();
        var api = await ApiAsync();
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var reported = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent("""{"server":"NAS-01","job":"Documents","status":"success"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(reported.IsSuccessStatusCode);

        var (status, saved, _) = await api.JsonAsync("PUT", Route, Everything);
        var (_, read, _) = await api.JsonAsync("GET", Route);
        var (_, partly, _) = await api.JsonAsync("PUT", Route, """{"summary":null}""");
        var page = await admin.GetDocumentAsync("/Account/Notifications");

        Assert.Equal(200, status);
        Assert.Equal(saved!.ToJsonString(), read!.ToJsonString());
        Assert.Equal("Europe/Berlin", (string?)read["timeZone"]);
        Assert.False((bool)read["emailOnOwnLogin"]!);
        // nas-01/documents has reported (names match whatever their case); no server "vm" has: check the spelling.
        Assert.Equal("""[{"scope":"job","target":"nas-01/documents","outcomes":["failure","overdue"],"reported":true},{"scope":"server","target":"vm","outcomes":["warning"],"reported":false}]""",
            read["subscriptions"]!.ToJsonString());
        Assert.Equal("""{"from":"22:00","to":"07:00","weekends":true,"urgentComesThrough":true}""", read["quietHours"]!.ToJsonString());
        Assert.Equal("""{"frequency":"weekly","at":"08:30","day":"friday"}""", read["summary"]!.ToJsonString());
        Assert.Null(partly!["summary"]); // what the body names changes, the rest stays
        Assert.Equal(read["subscriptions"]!.ToJsonString(), partly["subscriptions"]!.ToJsonString());
        Assert.Equal("22:00", page.QuerySelector<IHtmlInputElement>("#Input_QuietFrom")!.Value);
        Assert.Equal("nas-01/documents", page.QuerySelector<IHtmlInputElement>("#Subscriptions_0_Target")!.Value);
        Assert.Equal("Europe/Berlin", page.QuerySelector<IHtmlSelectElement>("#Input_TimeZoneId")!.Value);
    }

    [Theory]
    [InlineData("""{"subscriptions":[{"scope":"everything","outcomes":["failure"]}]}""", "subscriptions[0].scope")]
    [InlineData("""{"subscriptions":[{"scope":"job","target":"documents","outcomes":["failure"]}]}""", "subscriptions[0].target")]
    [InlineData("""{"subscriptions":[{"scope":"all","outcomes":[]}]}""", "subscriptions[0].outcomes")]
    [InlineData("""{"subscriptions":[{"scope":"all","outcomes":["explosion"]}]}""", "subscriptions[0].outcomes")]
    [InlineData("""{"subscriptions":[{"scope":"all","outcomes":["failure"],"when":"always"}]}""", "subscriptions[0].when")]
    [InlineData("""{"quietHours":{"from":"22:00"}}""", "quietHours.to")]
    [InlineData("""{"quietHours":{"from":"10pm","to":"07:00"}}""", "quietHours.from")]
    [InlineData("""{"summary":{"frequency":"hourly","at":"08:00"}}""", "summary.frequency")]
    [InlineData("""{"summary":{"frequency":"weekly","at":"08:00","day":"someday"}}""", "summary.day")]
    [InlineData("""{"timeZone":"Mars/Olympus"}""", "timeZone")]
    [InlineData("""{"timezone":"UTC"}""", "timezone")]
    public async Task A_mistake_is_named_by_its_field_and_nothing_changes(string body, string field)
    {
        await SetUpAdminAsync();
        var api = await ApiAsync();
        var (_, before, _) = await api.JsonAsync("PUT", Route, Everything);

        // A valid change beside the mistake: it must not be half applied.
        var mixed = JsonNode.Parse(body)!.AsObject();
        mixed["emailOnOwnLogin"] = true;
        var (status, problem, response) = await api.JsonAsync("PUT", Route, mixed.ToJsonString());
        var (_, after, _) = await api.JsonAsync("GET", Route);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem!["errors"]![field] is not null, problem.ToJsonString());
        Assert.Equal(before!.ToJsonString(), after!.ToJsonString());
    }

    [Fact]
    public async Task An_unknown_outcome_is_named_alone_not_also_as_no_outcome_at_all()
    {
        await SetUpAdminAsync();
        var api = await ApiAsync();

        var (_, problem, _) = await api.JsonAsync("PUT", Route, """{"subscriptions":[{"scope":"all","outcomes":["fail"]}]}""");

        var said = problem!["errors"]!["subscriptions[0].outcomes"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.StartsWith("subscriptions[0].outcomes holds ", Assert.Single(said)); // "Choose at least one outcome." beside it read as if none was given
    }

    [Fact]
    public async Task The_time_of_a_change_is_shown_as_it_is_kept_so_it_reads_the_same_after_a_restart()
    {
        await SetUpAdminAsync();
        var api = await ApiAsync();

        var (_, saved, _) = await api.JsonAsync("PUT", Route, Everything);
        var userId = await UserIdAsync(AdminEmail);
        var kept = await QueryAsync(db => db.Set<UserState>().Where(s => EF.Property<string>(s, GrainKeyModelExtensions.KeyProperty) == userId)
            .Select(s => s.PreferencesUpdatedAt).SingleAsync());

        Assert.Equal(kept, saved!["updatedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_quiet_start_that_is_not_a_time_gets_that_message_alone()
    {
        await SetUpAdminAsync();
        var api = await ApiAsync();

        var (status, problem, _) = await api.JsonAsync("PUT", Route, """{"quietHours":{"from":"10pm","to":"07:00"}}""");

        Assert.Equal(400, status);
        var messages = problem!["errors"]!["quietHours.from"]!.AsArray().Select(message => message!.GetValue<string>()).ToList();
        Assert.Single(messages);
        Assert.DoesNotContain(QuietHours.OneEndMissing, messages);
    }

    [Fact]
    public async Task An_unknown_person_is_a_404_and_a_read_only_token_cannot_change_anyone()
    {
        await SetUpAdminAsync();
        var reader = await ApiAsync(ApiAccess.ReadOnly);

        var (missing, problem, _) = await reader.JsonAsync("GET", "/api/v1/users/nobody@example.test/notifications");
        var (refused, _, _) = await reader.JsonAsync("PUT", Route, """{"timeZone":"UTC"}""");
        var (read, _, _) = await reader.JsonAsync("GET", Route);

        Assert.Equal(404, missing);
        Assert.Contains("nobody@example.test", problem!.ToJsonString());
        Assert.Equal(403, refused);
        Assert.Equal(200, read);
    }

    [Fact]
    public async Task Send_now_says_why_not_without_an_email_channel_and_queues_the_summary_with_one()
    {
        await SetUpAdminAsync();
        var api = await ApiAsync();
        await api.JsonAsync("PUT", Route, """{"subscriptions":[{"scope":"all","outcomes":["failure"]}]}""");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        await App.CreateClient().PostAsync($"/api/v1/runs?key={key}", System.Net.Http.Json.JsonContent.Create(new { server = "nas-01", job = "documents", status = "failure" }));

        var (noChannel, why, _) = await api.JsonAsync("POST", Route + "/summary");
        await using var smtp = await SmtpServer.StartAsync("plain", auth: false);
        await new DeliveryHarness(App).AddMailChannelAsync(smtp);
        var (queued, _, _) = await api.JsonAsync("POST", Route + "/summary");
        var rows = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.Recipient == AdminEmail).Select(r => r.EventType).ToListAsync());

        Assert.Equal(409, noChannel);
        Assert.Contains("No Email channel is enabled", why!.ToJsonString());
        Assert.Equal(202, queued);
        Assert.Equal(["summary"], rows);
    }
}

public sealed class UserNotificationsApiTestsOnSqlite() : UserNotificationsApiTests(DatabaseProvider.Sqlite);
public sealed class UserNotificationsApiTestsOnPostgres() : UserNotificationsApiTests(DatabaseProvider.Postgres);
