using System.Net;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Console;

public abstract class FirstRunTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Users")]
    [InlineData("/Events")]
    [InlineData("/Identity/Account/Login")]
    public async Task On_an_empty_database_every_page_leads_to_setup(string path)
    {
        var response = await NewClient().Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Setup", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_health_probe_answers_before_setup()
    {
        var response = await NewClient().Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Healthy\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Setup_creates_the_first_admin_signs_them_in_and_records_user_created()
    {
        var admin = await SetUpAdminAsync();

        var dashboard = await admin.GetDocumentAsync("/");
        Assert.Contains("Ada Admin", dashboard.QuerySelector("#who")!.TextContent); // as colleagues know her
        Assert.Equal($"Ada Admin ({AdminEmail})", dashboard.QuerySelector("#who")!.GetAttribute("title")); // the whole name, should the bar cut it short
        Assert.Contains("Admin", dashboard.QuerySelector("#who")!.TextContent);
        Assert.NotNull(dashboard.QuerySelector("#nothing-monitored"));
        // New jobs tell no channel until the defaults name one: the first steps say so.
        Assert.Equal("/Notifications", dashboard.QuerySelector("#next-defaults a")!.GetAttribute("href"));
        var created = await QueryAsync(db => db.SystemEvents.SingleAsync()); // and no User Login: User Created told of it
        Assert.Equal(SystemEventType.UserCreated, created.Type);
        Assert.Equal(AdminEmail, created.UserEmail);
        var users = await admin.GetDocumentAsync("/Users");
        Assert.DoesNotContain("never", users.QuerySelector("tbody tr")!.TextContent); // Setup signed her in: that is her last login
    }

    [Fact]
    public async Task The_first_admin_chooses_the_time_zone_they_read_times_in_and_an_unknown_one_is_refused()
    {
        var client = NewClient();
        Dictionary<string, string> Form(string zone) => new()
        {
            ["Input.Email"] = AdminEmail, ["Input.DisplayName"] = "Ada", ["Input.Password"] = AdminPassword, ["Input.ConfirmPassword"] = AdminPassword,
            ["Input.TimeZoneId"] = zone,
        };

        var refused = await client.SubmitAsync("/Setup", Form("Mars/Olympus"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Choose a time zone from the list", (await FormClient.ParseAsync(refused)).QuerySelector("[data-field-error='Input.TimeZoneId']")!.TextContent);
        Assert.Equal(0, await CountUsersAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/Setup", Form("Europe/Berlin"))).StatusCode);
        var users = await client.GetDocumentAsync("/Users");
        Assert.Contains("(Europe/Berlin)", users.QuerySelector("tbody tr")!.TextContent); // her last login, in her zone
    }

    [Fact]
    public async Task Once_an_admin_exists_setup_is_closed()
    {
        await SetUpAdminAsync();
        var stranger = NewClient();

        var page = await stranger.Http.GetAsync("/Setup");
        var post = await stranger.Http.PostAsync("/Setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "intruder@example.test", ["Input.DisplayName"] = "I", ["Input.Password"] = AdminPassword, ["Input.ConfirmPassword"] = AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(1, await CountUsersAsync());
    }

    [Fact]
    public async Task Two_setups_sent_at_the_same_moment_make_one_admin()
    {
        var people = Enumerable.Range(1, 4).Select(_ => NewClient()).ToList();
        var pages = await Task.WhenAll(people.Select(person => person.GetDocumentAsync("/Setup"))); // each with its antiforgery token

        var posts = await Task.WhenAll(people.Select((person, i) => person.SubmitAsync("/Setup", new Dictionary<string, string>
        {
            ["Input.Email"] = $"admin{i}@example.test", ["Input.DisplayName"] = $"Admin {i}", ["Input.Password"] = AdminPassword, ["Input.ConfirmPassword"] = AdminPassword,
        })));

        Assert.All(pages, page => Assert.NotNull(page.QuerySelector("form")));
        Assert.All(posts, post => Assert.Equal(HttpStatusCode.Redirect, post.StatusCode));
        Assert.Equal(1, await CountUsersAsync());
    }

    public static TheoryData<string, string, string, string, string, string> BadSetupInput => new()
    {
        // field that must show the message, email, name, password, confirmation, expected words
        { "Input.Email", "", "Ada", AdminPassword, AdminPassword, "Enter an email address" },
        { "Input.Email", "not-an-email", "Ada", AdminPassword, AdminPassword, "valid email" },
        { "Input.Email", new string('a', 250) + "@example.test", "Ada", AdminPassword, AdminPassword, "at most 256" },
        { "Input.DisplayName", AdminEmail, new string('n', 101), AdminPassword, AdminPassword, "at most 100" },
        { "Input.Password", AdminEmail, "Ada", "", "", "Enter a password" },
        { "Input.Password", AdminEmail, "Ada", "short1!A", "short1!A", "at least 10" },
        { "Input.Password", AdminEmail, "Ada", "alllowercaseletters", "alllowercaseletters", "an upper-case letter" },
        { "Input.ConfirmPassword", AdminEmail, "Ada", AdminPassword, AdminPassword + "x", "differ" },
    };

    [Theory]
    [MemberData(nameof(BadSetupInput))]
    public async Task Bad_setup_input_is_shown_next_to_its_field_and_nothing_is_stored(
        string field, string email, string name, string password, string confirmation, string expected)
    {
        var client = NewClient();

        var response = await client.SubmitAsync("/Setup", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = name, ["Input.Password"] = password, ["Input.ConfirmPassword"] = confirmation,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await FormClient.ParseAsync(response);
        var message = page.QuerySelector($"[data-field-error='{field}']")?.TextContent ?? "";
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await CountUsersAsync());
        Assert.Equal(0, await QueryAsync(db => db.SystemEvents.CountAsync()));
    }

    [Fact]
    public async Task Setup_without_a_name_calls_the_admin_by_their_email_address()
    {
        var response = await NewClient().SubmitAsync("/Setup", new Dictionary<string, string>
        {
            ["Input.Email"] = AdminEmail, ["Input.DisplayName"] = "  ", ["Input.Password"] = AdminPassword, ["Input.ConfirmPassword"] = AdminPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("admin", await QueryAsync(db => db.Users.Select(u => u.DisplayName).SingleAsync()));
    }
}

public sealed class FirstRunTestsOnSqlite() : FirstRunTests(DatabaseProvider.Sqlite);
public sealed class FirstRunTestsOnPostgres() : FirstRunTests(DatabaseProvider.Postgres);
