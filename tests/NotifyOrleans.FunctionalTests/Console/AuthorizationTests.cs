using System.Net;
using NotifyOrleans.FunctionalTests.Infrastructure;

namespace NotifyOrleans.FunctionalTests.Console;

/// <summary>
/// Who may open which page. On SQLite only: the rules are the app's, not the database's (as for the
/// API's authorization matrix); the stores behind a login are tested on both by the login and user tests.
/// The tests only look, so they share one app.
/// </summary>
public sealed class AuthorizationTests(SignedInConsole console) : IClassFixture<SignedInConsole>
{
    public static readonly TheoryData<string> EveryPage = new()
    {
        "/", "/Jobs", "/Deliveries", "/Channels", "/Notifications", "/Templates", "/Users", "/Users/Create",
        "/Events", "/Servers", "/Jobs/Details?id=a/b", "/Account/Notifications", "/Identity/Account/Manage", "/Identity/Account/Manage/ChangePassword",
        "/Identity/Account/Manage/TwoFactorAuthentication",
    };

    public static readonly TheoryData<string> AdminPages = new() { "/Channels", "/Notifications", "/Templates", "/Users", "/Users/Create", "/Events", "/Servers" };

    public static readonly TheoryData<string> MemberPages = new() { "/", "/Jobs", "/Deliveries", "/Account/Notifications", "/Identity/Account/Manage" };

    [Theory]
    [MemberData(nameof(EveryPage))]
    public async Task Anonymous_requests_to_every_page_redirect_to_login(string path)
    {
        var response = await console.Anonymous().Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task A_member_is_refused_admin_pages_with_403(string path)
    {
        var response = await console.Member.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("don&#x27;t have access", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(MemberPages))]
    public async Task A_member_reaches_the_pages_meant_for_everyone(string path)
    {
        var response = await console.Member.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_member_does_not_see_admin_links()
    {
        var page = await console.Member.GetDocumentAsync("/");

        Assert.Null(page.QuerySelector("nav a[href='/Users']"));
        Assert.NotNull(page.QuerySelector("nav a[href='/Jobs']"));
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused()
    {
        var response = await console.Admin.Http.PostAsync("/Account/Notifications",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.TimeZoneId"] = "Europe/Paris" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_health_probe_needs_no_login()
    {
        var response = await console.Anonymous().Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
