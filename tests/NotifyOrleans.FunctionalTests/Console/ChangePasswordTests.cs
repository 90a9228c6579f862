using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Console;

/// <summary>
/// Change password states the app's own rule at the field (Identity UI's form said "at least 6"),
/// names a wrong current password at its field, keeps the session and takes the new password.
/// On SQLite only: the rules are the app's, and the Identity stores are tested on both elsewhere.
/// </summary>
public sealed class ChangePasswordTests() : ConsoleTestBase(DatabaseProvider.Sqlite)
{
    private const string Page = "/Identity/Account/Manage/ChangePassword";
    private const string NewPassword = "N3w-passw0rd!";

    private static Dictionary<string, string> Fields(string old, string next, string repeated) => new()
    {
        ["Input.OldPassword"] = old, ["Input.NewPassword"] = next, ["Input.ConfirmPassword"] = repeated,
    };

    private static async Task<string?> ErrorAtAsync(HttpResponseMessage response, string field) =>
        (await FormClient.ParseAsync(response)).QuerySelector($"[data-field-error='{field}']")?.TextContent;

    [Fact]
    public async Task Mistakes_are_named_at_their_fields_and_the_new_password_signs_in()
    {
        await CreateMemberAsync(await SetUpAdminAsync());
        var member = await LoginAsync(MemberEmail, MemberPassword);

        var empty = await member.SubmitAsync(Page, Fields("", "", ""), "#change-password-form");
        var tooShort = await member.SubmitAsync(Page, Fields(MemberPassword, "weak", "weak"), "#change-password-form");
        var noSymbol = await member.SubmitAsync(Page, Fields(MemberPassword, "abcdefghij1A", "abcdefghij1A"), "#change-password-form");
        var wrongOld = await member.SubmitAsync(Page, Fields("not-it", NewPassword, NewPassword), "#change-password-form");
        var wrongOldAndWeak = await member.SubmitAsync(Page, Fields("not-it", "abcdefghij1A", "abcdefghij1A"), "#change-password-form");
        var differ = await member.SubmitAsync(Page, Fields(MemberPassword, NewPassword, NewPassword + "x"), "#change-password-form");
        var changed = await member.SubmitAsync(Page, Fields(MemberPassword, NewPassword, NewPassword), "#change-password-form");
        var stillSignedIn = await member.Http.GetAsync(Page);

        Assert.Equal("Enter your current password.", await ErrorAtAsync(empty, "Input.OldPassword"));
        Assert.Equal("Enter a new password.", await ErrorAtAsync(empty, "Input.NewPassword"));
        Assert.Equal("A password has at least 10 characters.", await ErrorAtAsync(tooShort, "Input.NewPassword"));
        Assert.Equal("The password needs a symbol.", await ErrorAtAsync(noSymbol, "Input.NewPassword"));
        Assert.Equal("That is not your current password.", await ErrorAtAsync(wrongOld, "Input.OldPassword"));
        // Both mistakes at once (Identity stops at the first: the form told them a submit apart).
        Assert.Equal("That is not your current password.", await ErrorAtAsync(wrongOldAndWeak, "Input.OldPassword"));
        Assert.Equal("The password needs a symbol.", await ErrorAtAsync(wrongOldAndWeak, "Input.NewPassword"));
        Assert.Equal("The two new passwords differ.", await ErrorAtAsync(differ, "Input.ConfirmPassword"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostLoginAsync(NewClient(), MemberEmail, NewPassword)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, (await PostLoginAsync(NewClient(), MemberEmail, MemberPassword)).StatusCode);
    }

    [Fact]
    public async Task Wrong_current_passwords_lock_the_account_as_at_sign_in_and_a_locked_one_changes_no_password()
    {
        await CreateMemberAsync(await SetUpAdminAsync());
        var member = await LoginAsync(MemberEmail, MemberPassword);

        for (var guess = 1; guess < 5; guess++)
            Assert.Equal("That is not your current password.", await ErrorAtAsync(await member.SubmitAsync(Page, Fields($"guess-{guess}", NewPassword, NewPassword), "#change-password-form"), "Input.OldPassword"));
        var fifth = await member.SubmitAsync(Page, Fields("guess-5", NewPassword, NewPassword), "#change-password-form");
        var right = await member.SubmitAsync(Page, Fields(MemberPassword, NewPassword, NewPassword), "#change-password-form");

        Assert.StartsWith("Too many wrong passwords: the account is locked for 15 minutes", await ErrorAtAsync(fifth, "Input.OldPassword"));
        Assert.StartsWith("Too many wrong passwords", await ErrorAtAsync(right, "Input.OldPassword")); // the right one too, while locked
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var stored = (await users.FindByEmailAsync(MemberEmail))!;
        Assert.True(await users.CheckPasswordAsync(stored, MemberPassword)); // not changed
        Assert.True(await users.IsLockedOutAsync(stored)); // and its sign-in waits too
    }
}
