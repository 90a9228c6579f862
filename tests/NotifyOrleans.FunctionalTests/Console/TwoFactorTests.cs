using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Console;

/// <summary>Two-factor sign-in with an authenticator app, computing the codes as the app would (RFC 6238).</summary>
public abstract class TwoFactorTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    [Fact]
    public async Task With_an_authenticator_a_login_needs_the_code_and_only_the_completed_login_is_recorded()
    {
        var admin = await SetUpAdminAsync();
        var setup = await admin.GetDocumentAsync("/Identity/Account/Manage/EnableAuthenticator");
        var uri = new Uri(setup.QuerySelector("#qrCodeData")!.GetAttribute("data-url")!);
        var secret = System.Web.HttpUtility.ParseQueryString(uri.Query)["secret"]!;
        Assert.Equal("NotifyOrleans", System.Web.HttpUtility.ParseQueryString(uri.Query)["issuer"]); // the app lists it by the product's name
        Assert.StartsWith("/NotifyOrleans:", uri.AbsolutePath);

        var enabled = await admin.SubmitAsync("/Identity/Account/Manage/EnableAuthenticator", new Dictionary<string, string> { ["Input.Code"] = Totp(secret) }, "#send-code");
        var client = NewClient();
        var password = await PostLoginAsync(client, AdminEmail, AdminPassword);
        var loginsAfterPassword = await CountLoginsAsync();
        var wrong = await client.SubmitAsync(password.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" }, "main form");
        // The next step's code: the current one was taken by the set-up, and a code is taken once.
        var right = await client.SubmitAsync(password.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp(secret, stepsAhead: 1) }, "main form");

        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.True(await QueryAsync(db => db.Users.Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.Contains("LoginWith2fa", password.Headers.Location!.OriginalString);
        Assert.Equal(0, loginsAfterPassword);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode); // the form again, with "Invalid authenticator code."
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(1, await CountLoginsAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
        var stored = await QueryAsync(db => db.UserTokens.Select(t => t.Name + "=" + t.Value).ToListAsync());
        Assert.Contains(stored, t => t.StartsWith("AuthenticatorKey=dp1:", StringComparison.Ordinal)); // encrypted, as channel secrets are
        Assert.Contains(stored, t => t.StartsWith("RecoveryCodes=dp1:", StringComparison.Ordinal));
        Assert.DoesNotContain(stored, t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_authenticator_code_signs_in_once_and_a_later_code_still_does()
    {
        var admin = await SetUpAdminAsync();
        var setup = await admin.GetDocumentAsync("/Identity/Account/Manage/EnableAuthenticator");
        var secret = System.Web.HttpUtility.ParseQueryString(new Uri(setup.QuerySelector("#qrCodeData")!.GetAttribute("data-url")!).Query)["secret"]!;
        var enablingCode = Totp(secret);
        await admin.SubmitAsync("/Identity/Account/Manage/EnableAuthenticator", new Dictionary<string, string> { ["Input.Code"] = enablingCode }, "#send-code");
        async Task<HttpResponseMessage> SignInAsync(string code)
        {
            var client = NewClient();
            var password = await PostLoginAsync(client, AdminEmail, AdminPassword);
            return await client.SubmitAsync(password.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.TwoFactorCode"] = code }, "main form");
        }

        var code = Totp(secret, stepsAhead: 1);
        var afterSetUp = await SignInAsync(enablingCode);
        var first = await SignInAsync(code);
        var replayed = await SignInAsync(code); // the same code in another browser, within its 30 s
        var later = await SignInAsync(Totp(secret, stepsAhead: 2));

        Assert.Equal(HttpStatusCode.OK, afterSetUp.StatusCode); // the form again
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("Invalid authenticator code", await replayed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Equal(2, await CountLoginsAsync());
    }

    [Fact]
    public async Task An_authenticator_key_stored_as_it_was_by_an_earlier_version_is_encrypted_at_start_up_and_still_works()
    {
        await SetUpAdminAsync();
        var adminId = await UserIdAsync(AdminEmail);
        const string key = "U3APVNNQUYEZEGFIJTKZUQGQVUDX6PWI";
        await QueryAsync(async db =>
        {
            db.UserTokens.Add(new IdentityUserToken<string> { UserId = adminId, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = key });
            return await db.SaveChangesAsync();
        });

        await StoredTokenProtection.ProtectAsync(App.Services); // as the next start does
        await StoredTokenProtection.ProtectAsync(App.Services); // and the one after: once only

        var stored = await QueryAsync(db => db.UserTokens.Select(t => t.Value).SingleAsync());
        Assert.StartsWith("dp1:", stored);
        Assert.DoesNotContain(key, stored!);
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal(key, await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(adminId))!)); // reads back
    }

    [Fact]
    public async Task An_admin_resets_the_two_factor_sign_in_of_a_user_who_lost_the_authenticator()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);
        var setup = await member.GetDocumentAsync("/Identity/Account/Manage/EnableAuthenticator");
        var secret = System.Web.HttpUtility.ParseQueryString(new Uri(setup.QuerySelector("#qrCodeData")!.GetAttribute("data-url")!).Query)["secret"]!;
        await member.SubmitAsync("/Identity/Account/Manage/EnableAuthenticator", new Dictionary<string, string> { ["Input.Code"] = Totp(secret) }, "#send-code");
        var memberId = await UserIdAsync(MemberEmail);

        var editPage = await admin.GetDocumentAsync($"/Users/Edit/{memberId}");
        var reset = await admin.SubmitAsync($"/Users/Edit/{memberId}", new Dictionary<string, string>(), "#reset-2fa-form");
        var login = await PostLoginAsync(NewClient(), MemberEmail, MemberPassword);

        Assert.NotNull(editPage.QuerySelector("#reset-2fa-form"));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.False(await QueryAsync(db => db.Users.Where(u => u.Id == memberId).Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.Equal("/", login.Headers.Location!.OriginalString); // straight in, no second factor asked
    }

    [Fact]
    public async Task Opening_the_authenticator_set_up_keeps_the_other_sessions_signed_in_and_a_real_reset_ends_them()
    {
        var admin = await SetUpAdminAsync();
        var stampBefore = await StampAsync();

        var setup = await admin.GetDocumentAsync("/Identity/Account/Manage/EnableAuthenticator");
        var stampAfterSetUp = await StampAsync();
        var reset = await admin.SubmitAsync("/Identity/Account/Manage/ResetAuthenticator", new Dictionary<string, string>(), "main form");

        Assert.NotNull(setup.QuerySelector("#qrCodeData")); // the key was made
        Assert.Equal(stampBefore, stampAfterSetUp); // so the other sessions' cookies still validate
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.NotEqual(stampAfterSetUp, await StampAsync()); // a key that existed is revoked: they end
    }

    private Task<string?> StampAsync() => QueryAsync(db => db.Users.Select(u => u.SecurityStamp).SingleAsync());

    private Task<int> CountLoginsAsync() => QueryAsync(db => db.SystemEvents.CountAsync(e => e.Type == SystemEventType.UserLogin));

    /// <summary>The 6-digit code an authenticator app shows now for this base32 secret, or that many 30 s steps from now.</summary>
    private static string Totp(string base32Secret, int stepsAhead = 0)
    {
        var key = Base32(base32Secret);
        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30 + stepsAhead;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian) Array.Reverse(message);
        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return output.ToArray();
    }
}

public sealed class TwoFactorTestsOnSqlite() : TwoFactorTests(DatabaseProvider.Sqlite);
public sealed class TwoFactorTestsOnPostgres() : TwoFactorTests(DatabaseProvider.Postgres);
