using System.Net;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace NotifyOrleans.FunctionalTests.Console;

public abstract class LoginTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    [Fact]
    public async Task A_login_records_a_user_login_event_with_the_browser()
    {
        await SetUpAdminAsync();
        var client = NewClient();
        client.Http.DefaultRequestHeaders.UserAgent.ParseAdd("BackupBrowser/1.0");

        var response = await PostLoginAsync(client, AdminEmail, AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var login = await QueryAsync(db => db.SystemEvents.SingleAsync(e => e.Type == SystemEventType.UserLogin));
        Assert.Equal(AdminEmail, login.UserEmail);
        Assert.Equal("BackupBrowser/1.0", login.UserAgent);
        // (The in-memory test server has no client address; the browser test checks it over real TCP.)
        Assert.True(login.OccurredAt > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Null(login.ProcessedAt);
    }

    [Fact]
    public async Task A_login_is_counted_by_the_users_grain()
    {
        await SetUpAdminAsync();
        await LoginAsync(AdminEmail, AdminPassword);
        await LoginAsync(AdminEmail, AdminPassword);

        var adminId = await QueryAsync(db => db.Users.Select(u => u.Id).SingleAsync());
        var snapshot = await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(adminId).GetSnapshotAsync();
        Assert.Equal(3, snapshot.LoginCount); // Setup's sign-in, then two logins
        Assert.NotNull(snapshot.LastLoginAt);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_records_no_login()
    {
        await SetUpAdminAsync();
        var client = NewClient();

        var response = await PostLoginAsync(client, AdminEmail, "Wrong-Password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid email or password", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await QueryAsync(db => db.SystemEvents.CountAsync(e => e.Type == SystemEventType.UserLogin)));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        await SetUpAdminAsync();
        var client = NewClient();
        for (var attempt = 0; attempt < 5; attempt++) await PostLoginAsync(client, AdminEmail, "Wrong-Password-1");

        var response = await PostLoginAsync(client, AdminEmail, AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Lockout", response.Headers.Location!.OriginalString);
        Assert.True(await QueryAsync(db => db.Users.Select(u => u.LockoutEnd).SingleAsync()) > DateTimeOffset.UtcNow);
        var explained = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("locked for 15 minutes", explained);
        Assert.Contains("An admin can lift the lock now", explained);
    }

    [Fact]
    public async Task Twenty_failed_sign_ins_from_one_address_on_many_accounts_stop_its_next_try_before_the_password_is_checked()
    {
        await SetUpAdminAsync();
        var client = NewClient();
        // Password spraying: one guess for each of many accounts, which no account's lockout sees.
        for (var attempt = 0; attempt < 20; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(client, $"someone{attempt}@example.test", "Summer2026!")).StatusCode);

        var loginsBefore = await QueryAsync(db => db.SystemEvents.CountAsync(e => e.Type == SystemEventType.UserLogin));

        var response = await PostLoginAsync(client, AdminEmail, AdminPassword);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.InRange(int.Parse(response.Headers.RetryAfter!.ToString()), 1, 15 * 60);
        Assert.Matches("Too many failed sign-ins from your network address. Try again in (a minute|[0-9]+ minutes).", await response.Content.ReadAsStringAsync());
        Assert.Equal(loginsBefore, await QueryAsync(db => db.SystemEvents.CountAsync(e => e.Type == SystemEventType.UserLogin)));
        Assert.Equal(0, await QueryAsync(db => db.Users.Where(u => u.Email == AdminEmail).Select(u => u.AccessFailedCount).SingleAsync())); // refused before the password was tried
    }

    [Fact]
    public async Task An_address_that_is_no_account_is_locked_out_after_as_many_tries_as_an_account()
    {
        await SetUpAdminAsync();
        var client = NewClient();
        var answers = new List<HttpResponseMessage>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            answers.Add(await PostLoginAsync(client, AdminEmail, "Wrong-Password-1"));
            answers.Add(await PostLoginAsync(client, "nobody@example.test", "Wrong-Password-1"));
        }

        // Pairs: the account's answer and the no-account's are the same at every try, lockout included.
        for (var attempt = 0; attempt < 5; attempt++)
            Assert.Equal((answers[2 * attempt].StatusCode, answers[2 * attempt].Headers.Location?.OriginalString),
                (answers[2 * attempt + 1].StatusCode, answers[2 * attempt + 1].Headers.Location?.OriginalString));
        Assert.Contains("Lockout", answers[^1].Headers.Location!.OriginalString);
        Assert.Contains("Invalid email or password.", await answers[1].Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_new_password_from_an_admin_lifts_a_members_lockout()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        for (var attempt = 0; attempt < 5; attempt++) await PostLoginAsync(NewClient(), MemberEmail, "Wrong-Password-1");
        var memberId = await UserIdAsync(MemberEmail);

        var reset = await admin.SubmitAsync($"/Users/Edit/{memberId}", new Dictionary<string, string> { ["Input.NewPassword"] = "Fresh-Passw0rd!" });
        var login = await PostLoginAsync(NewClient(), MemberEmail, "Fresh-Passw0rd!");

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("Lockout", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Empty_login_fields_get_messages_next_to_them()
    {
        await SetUpAdminAsync();

        var response = await PostLoginAsync(NewClient(), "", "");

        var page = await FormClient.ParseAsync(response);
        Assert.Contains("Enter your email", page.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent);
        Assert.Contains("Enter your password", page.QuerySelector("[data-valmsg-for='Input.Password']")!.TextContent);
    }

    [Fact]
    public async Task Logging_out_ends_the_session()
    {
        await SetUpAdminAsync();
        var client = await LoginAsync(AdminEmail, AdminPassword);

        var logout = await client.SubmitAsync("/", new Dictionary<string, string>(), "header form");
        var after = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", after.Headers.Location!.PathAndQuery.StartsWith('/') ? after.Headers.Location.PathAndQuery : after.Headers.Location.AbsolutePath);
    }

    [Theory]
    [InlineData("/Identity/Account/Register")]
    [InlineData("/Identity/Account/ForgotPassword")]
    [InlineData("/Identity/Account/Manage/Email")]
    [InlineData("/Identity/Account/Manage/DeletePersonalData")]
    public async Task Identity_pages_the_product_does_not_offer_are_not_found(string path)
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class LoginTestsOnSqlite() : LoginTests(DatabaseProvider.Sqlite);
public sealed class LoginTestsOnPostgres() : LoginTests(DatabaseProvider.Postgres);
