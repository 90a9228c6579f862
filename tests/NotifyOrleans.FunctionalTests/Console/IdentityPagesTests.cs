using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Console;

/// <summary>
/// The stock Identity pages opened out of order, and the ones the product does not offer (issue
/// #7, items 8 and 9). The security stamp is checked on every request (SessionCheck), so a
/// sign-in that a page invalidates shows at once.
/// </summary>
public sealed class IdentityPagesTests() : ConsoleTestBase(DatabaseProvider.Sqlite)
{
    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    public async Task Logging_out_with_another_sites_return_address_logs_out_and_stays_here(string returnUrl)
    {
        var admin = await SetUpAdminAsync();

        var logout = await admin.HtmxPostAsync($"/Identity/Account/Logout?returnUrl={Uri.EscapeDataString(returnUrl)}", "/"); // the layout's logout, its address changed
        var afterwards = await admin.Http.GetAsync("/Users");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode); // was a 500, and the session went on
        Assert.StartsWith("/Identity/Account/Logout", logout.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/Identity/Account/Login", afterwards.Headers.Location!.OriginalString); // signed out
    }

    [Fact]
    public async Task Signing_out_everywhere_else_ends_the_other_sessions_and_keeps_this_one()
    {
        var here = await SetUpAdminAsync();
        var elsewhere = await LoginAsync(AdminEmail, AdminPassword);

        var ended = await here.SubmitAsync("/Identity/Account/Manage", new Dictionary<string, string>(), "#sign-out-elsewhere-form");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("/Users")).StatusCode);
        var other = await elsewhere.Http.GetAsync("/Users");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Contains("/Identity/Account/Login", other.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Users")]
    [InlineData("/Identity/Account/Manage")]
    public async Task Signed_in_pages_cannot_be_framed_by_another_origin(string path)
    {
        var admin = await SetUpAdminAsync();

        var page = await admin.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(["SAMEORIGIN"], page.Headers.GetValues("X-Frame-Options"));
        Assert.Equal(["frame-ancestors 'self'"], page.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(["same-origin"], page.Headers.GetValues("Referrer-Policy"));
    }

    [Fact]
    public async Task The_second_login_step_without_a_first_leads_to_the_login_page()
    {
        await SetUpAdminAsync();

        var response = await NewClient().Http.GetAsync("/Identity/Account/LoginWith2fa");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/Identity/Account/Manage/GenerateRecoveryCodes")]
    [InlineData("/Identity/Account/Manage/Disable2fa")]
    public async Task Two_factor_pages_for_an_account_without_two_factor_lead_to_its_settings(string path)
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Identity/Account/Manage/TwoFactorAuthentication", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/Identity/Account/RegisterConfirmation?email=admin@example.test")]
    [InlineData("/Identity/Account/RegisterConfirmation?email=nobody@example.test")]
    [InlineData("/Identity/Account/ResetPassword?code=x")]
    [InlineData("/Identity/Account/ConfirmEmail?userId=x&code=y")]
    [InlineData("/Identity/Account/ResendEmailConfirmation")]
    public async Task Pages_the_product_does_not_offer_are_404_for_everyone_and_tell_nothing(string path)
    {
        var admin = await SetUpAdminAsync();

        var anonymous = await NewClient().Http.GetAsync(path);
        var signedIn = await admin.Http.GetAsync(path);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (anonymous.StatusCode, signedIn.StatusCode));
        Assert.DoesNotContain("code=", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_authenticator_set_up_does_not_sign_the_user_out()
    {
        var admin = await SetUpAdminAsync();

        var setup = await admin.Http.GetAsync("/Identity/Account/Manage/EnableAuthenticator");
        var afterwards = await admin.Http.GetAsync("/Identity/Account/Manage/EnableAuthenticator");
        var home = await admin.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task The_profile_page_changes_a_users_own_display_name_and_offers_no_phone_number()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);

        var profile = await member.GetDocumentAsync("/Identity/Account/Manage");
        var empty = await member.SubmitAsync("/Identity/Account/Manage", new Dictionary<string, string> { ["Input.DisplayName"] = "  " }, "#profile-form");
        var emailName = await QueryAsync(db => db.Users.Where(u => u.Email == MemberEmail).Select(u => u.DisplayName).SingleAsync());
        var saved = await member.SubmitAsync("/Identity/Account/Manage", new Dictionary<string, string> { ["Input.DisplayName"] = " Max Mustermann " }, "#profile-form");

        Assert.Null(profile.QuerySelector("input[name*='PhoneNumber']"));
        // One heading over the account's menu and page, not Identity's two ("Manage your account", "Change your account settings").
        Assert.Equal(["Your account"], profile.QuerySelectorAll("main h1").Select(h => h.TextContent.Trim()));
        Assert.Equal(["Profile", "Sessions"], profile.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()));
        Assert.NotNull(profile.QuerySelector("main #two-factor"));
        Assert.Equal(MemberEmail, profile.QuerySelector("#email")?.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Equal("member", emailName); // a blank is the email address's name, as on every form
        Assert.Contains("Users page. Optional: left empty, it is the part of the email address before the @.", profile.QuerySelector("#Input_DisplayName")?.ParentElement?.TextContent ?? "");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Max Mustermann", await QueryAsync(db => db.Users.Where(u => u.Email == MemberEmail).Select(u => u.DisplayName).SingleAsync()));
        Assert.Contains("Max Mustermann", (await admin.GetDocumentAsync("/Users")).QuerySelector("main")?.TextContent);
    }
}
