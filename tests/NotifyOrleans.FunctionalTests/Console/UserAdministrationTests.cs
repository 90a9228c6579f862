using System.Net;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Console;

public abstract class UserAdministrationTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    [Fact]
    public async Task An_admin_creates_a_member_who_can_log_in_and_a_user_created_event_is_recorded()
    {
        var admin = await SetUpAdminAsync();

        await CreateMemberAsync(admin);

        var list = await admin.GetDocumentAsync("/Users");
        Assert.NotNull(list.QuerySelector($"tr[data-user='{MemberEmail}']"));
        var created = await QueryAsync(db => db.SystemEvents.Where(e => e.Type == SystemEventType.UserCreated && e.UserEmail == MemberEmail).SingleAsync());
        Assert.Equal(AdminEmail, created.ActorEmail);
        Assert.Contains("Member", created.Summary);
        await LoginAsync(MemberEmail, MemberPassword);
    }

    [Fact]
    public async Task A_new_user_reads_times_in_the_zone_chosen_on_add_user_which_starts_as_the_admins()
    {
        var admin = await SetUpAdminAsync();
        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string> { ["Input.TimeZoneId"] = "Europe/Berlin" }, "#preferences-form");

        var form = await admin.GetDocumentAsync("/Users/Create");
        var unknown = await FormClient.ParseAsync(await admin.SubmitAsync("/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = MemberEmail, ["Input.DisplayName"] = "Max", ["Input.TimeZoneId"] = "Atlantis/Capital",
            ["Input.Password"] = MemberPassword, ["Input.ConfirmPassword"] = MemberPassword,
        }));
        var created = await admin.SubmitAsync("/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = MemberEmail, ["Input.DisplayName"] = "Max", ["Input.TimeZoneId"] = "America/New_York",
            ["Input.Password"] = MemberPassword, ["Input.ConfirmPassword"] = MemberPassword,
        });

        Assert.Equal("Europe/Berlin", form.QuerySelector("#Input_TimeZoneId option[selected]")?.GetAttribute("value"));
        Assert.Equal("Choose a time zone from the list.", unknown.QuerySelector("[data-field-error='Input.TimeZoneId']")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var member = await LoginAsync(MemberEmail, MemberPassword);
        Assert.Equal("America/New_York", (await member.GetDocumentAsync("/Account/Notifications")).QuerySelector("#Input_TimeZoneId option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task The_events_page_lists_logins_and_created_users()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await LoginAsync(MemberEmail, MemberPassword);

        var page = await admin.GetDocumentAsync("/Events");

        var types = page.QuerySelectorAll("#event-table tr[data-event-type]").Select(row => row.GetAttribute("data-event-type")).ToList();
        Assert.Equal(["UserLogin", "UserCreated", "UserCreated"], types);
        // People read the types as the System notifications page names them, in the list and the filter.
        Assert.Equal(["User Login", "User Created", "User Created"], page.QuerySelectorAll("#event-table tr[data-event-type] .badge").Select(badge => badge.TextContent.Trim()));
        Assert.Equal(["All", "User Login", "User Created", "Restore Completed", "Restore Failed", "Configuration Backup", "System Error"],
            page.QuerySelectorAll("#type option").Select(option => option.TextContent.Trim()));
        var filtered = await admin.GetDocumentAsync("/Events?handler=List&type=UserLogin");
        Assert.Single(filtered.QuerySelectorAll("tr[data-event-type]"));
    }

    [Fact]
    public async Task A_new_user_without_a_display_name_is_called_by_their_email_address()
    {
        var admin = await SetUpAdminAsync();
        var form = await admin.GetDocumentAsync("/Users/Create");

        var created = await admin.SubmitAsync("/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = MemberEmail, ["Input.DisplayName"] = "", ["Input.Role"] = "Member",
            ["Input.Password"] = MemberPassword, ["Input.ConfirmPassword"] = MemberPassword,
        });

        Assert.Contains("the part of the email address before the @.", form.QuerySelector("#Input_DisplayName")?.ParentElement?.TextContent ?? "");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("member", await QueryAsync(db => db.Users.Where(u => u.Email == MemberEmail).Select(u => u.DisplayName).SingleAsync()));
    }

    public static TheoryData<string, string, string, string, string> BadNewUser => new()
    {
        { "Input.Email", "", "Max", "Member", "Enter an email address" },
        { "Input.Email", "max(at)example", "Max", "Member", "valid email" },
        { "Input.Email", AdminEmail, "Max", "Member", "Another user already has this email address" },
        { "Input.DisplayName", "max@example.test", new string('x', 300), "Member", "at most 100" },
        { "Input.Role", "max@example.test", "Max", "Owner", "Choose Admin or Member" },
    };

    [Theory]
    [MemberData(nameof(BadNewUser))]
    public async Task Bad_new_user_input_is_shown_next_to_its_field_and_nothing_is_stored(string field, string email, string name, string role, string expected)
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.SubmitAsync("/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = name, ["Input.Role"] = role,
            ["Input.Password"] = MemberPassword, ["Input.ConfirmPassword"] = MemberPassword,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await FormClient.ParseAsync(response);
        Assert.Contains(expected, page.QuerySelector($"[data-field-error='{field}']")?.TextContent ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await CountUsersAsync());
        Assert.Equal(1, await QueryAsync(db => db.SystemEvents.CountAsync()));
    }

    [Fact]
    public async Task A_weak_password_for_a_new_user_is_refused_and_nothing_is_stored()
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.SubmitAsync("/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = MemberEmail, ["Input.DisplayName"] = "Max", ["Input.Role"] = "Member",
            ["Input.Password"] = "password123", ["Input.ConfirmPassword"] = "password123",
        });

        var taken = await FormClient.ParseAsync(await admin.SubmitAsync("/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = AdminEmail, ["Input.DisplayName"] = "Max", ["Input.Role"] = "Member",
            ["Input.Password"] = "password123", ["Input.ConfirmPassword"] = "password123",
        }));

        var page = await FormClient.ParseAsync(response);
        Assert.Equal("The password needs a symbol and an upper-case letter.", page.QuerySelector("[data-field-error='Input.Password']")!.TextContent.Trim());
        // Both mistakes at once: Identity alone names a taken address only once the password passes.
        Assert.Equal("Another user already has this email address.", taken.QuerySelector("[data-field-error='Input.Email']")!.TextContent.Trim());
        Assert.NotNull(taken.QuerySelector("[data-field-error='Input.Password']"));
        Assert.Equal(1, await CountUsersAsync());
    }

    [Fact]
    public async Task A_forms_every_mistake_is_said_in_one_round_the_accounts_rules_beside_the_forms_own()
    {
        var admin = await SetUpAdminAsync();
        var adminId = await QueryAsync(db => db.Users.Select(u => u.Id).SingleAsync());

        var created = await FormClient.ParseAsync(await admin.SubmitAsync("/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = AdminEmail.ToUpperInvariant(), ["Input.DisplayName"] = new string('x', 101), ["Input.Role"] = "Member",
            ["Input.Password"] = MemberPassword, ["Input.ConfirmPassword"] = MemberPassword,
        }));
        var edited = await FormClient.ParseAsync(await admin.SubmitAsync($"/Users/Edit/{adminId}", new Dictionary<string, string>
        {
            ["Input.Role"] = "Member", ["Input.NewPassword"] = "short",
        }));

        Assert.Equal(("A display name is at most 100 characters.", "Another user already has this email address."),
            (created.QuerySelector("[data-field-error='Input.DisplayName']")?.TextContent.Trim(), created.QuerySelector("[data-field-error='Input.Email']")?.TextContent.Trim()));
        Assert.NotNull(edited.QuerySelector("[data-field-error='Input.NewPassword']"));
        Assert.Contains("cannot remove your own Admin role", edited.QuerySelector("[data-field-error='Input.Role']")?.TextContent ?? "");
        var role = await QueryAsync(db => db.UserRoles.Where(ur => ur.UserId == adminId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).SingleAsync());
        Assert.Equal((1, "Admin"), (await CountUsersAsync(), role)); // nothing stored
    }

    [Fact]
    public async Task An_admin_edits_a_users_name_role_and_password()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var memberId = await UserIdAsync(MemberEmail);

        var response = await admin.SubmitAsync($"/Users/Edit/{memberId}", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Maxine", ["Input.Role"] = "Admin", ["Input.NewPassword"] = "Brand-New-Pass-42",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Maxine", await QueryAsync(db => db.Users.Where(u => u.Id == memberId).Select(u => u.DisplayName).SingleAsync()));
        var promoted = await LoginAsync(MemberEmail, "Brand-New-Pass-42");
        Assert.Equal(HttpStatusCode.OK, (await promoted.Http.GetAsync("/Users")).StatusCode);
    }

    [Fact]
    public async Task A_rejected_new_password_leaves_the_other_fields_unchanged()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var memberId = await UserIdAsync(MemberEmail);

        var response = await admin.SubmitAsync($"/Users/Edit/{memberId}", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Changed", ["Input.NewPassword"] = "weakweakweak",
        });

        var page = await FormClient.ParseAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[data-field-error='Input.NewPassword']")!.TextContent));
        Assert.Equal("Max Member", await QueryAsync(db => db.Users.Where(u => u.Id == memberId).Select(u => u.DisplayName).SingleAsync()));
    }

    [Theory]
    [InlineData("Input.Email", "not an email", "Max", "valid email")]
    [InlineData("Input.Email", "", "Max", "Enter an email address")]
    [InlineData("Input.Email", AdminEmail, "Max", "already has this email")]
    [InlineData("Input.DisplayName", MemberEmail, "Max Member, whose name runs on well past the hundred characters that a display name may have at most, here", "at most 100")]
    public async Task Bad_edits_are_shown_next_to_their_field_and_change_nothing(string field, string email, string name, string expected)
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var memberId = await UserIdAsync(MemberEmail);

        var response = await admin.SubmitAsync($"/Users/Edit/{memberId}", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.DisplayName"] = name });

        var page = await FormClient.ParseAsync(response);
        Assert.Contains(expected, page.QuerySelector($"[data-field-error='{field}']")?.TextContent ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"Edit {MemberEmail}", page.QuerySelector("h1")!.TextContent); // whose account it is, not what was refused
        var member = await QueryAsync(db => db.Users.SingleAsync(u => u.Id == memberId));
        Assert.Equal((MemberEmail, "Max Member"), (member.Email, member.DisplayName));
    }

    [Fact]
    public async Task An_edit_that_clears_the_display_name_calls_the_user_by_their_email_address()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var memberId = await UserIdAsync(MemberEmail);

        var response = await admin.SubmitAsync($"/Users/Edit/{memberId}", new Dictionary<string, string> { ["Input.DisplayName"] = " " });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("member", await QueryAsync(db => db.Users.Where(u => u.Id == memberId).Select(u => u.DisplayName).SingleAsync()));
    }

    [Fact]
    public async Task A_disabled_user_cannot_log_in_until_enabled_again()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var memberId = await UserIdAsync(MemberEmail);

        var disable = await admin.HtmxPostAsync($"/Users?handler=Disable&id={memberId}", "/Users");
        var refused = await PostLoginAsync(NewClient(), MemberEmail, MemberPassword);
        var guessed = await PostLoginAsync(NewClient(), MemberEmail, "Wrong-Password-1");
        await admin.HtmxPostAsync($"/Users?handler=Enable&id={memberId}", "/Users");

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Contains("Disabled", await disable.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        // Its owner is told why, and whom to ask; a wrong password learns nothing of the account.
        Assert.Contains("This account is disabled. Ask an administrator", await refused.Content.ReadAsStringAsync());
        var guessedPage = await guessed.Content.ReadAsStringAsync();
        Assert.Contains("Invalid email or password.", guessedPage);
        Assert.DoesNotContain("account is disabled", guessedPage);
        await LoginAsync(MemberEmail, MemberPassword);
    }

    [Fact]
    public async Task A_disabled_account_locks_after_five_wrong_passwords_as_any_account_does()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await admin.HtmxPostAsync($"/Users?handler=Disable&id={await UserIdAsync(MemberEmail)}", "/Users");
        var client = NewClient();

        var answers = new List<HttpResponseMessage>();
        for (var attempt = 0; attempt < 6; attempt++) answers.Add(await PostLoginAsync(client, MemberEmail, "Wrong-Password-1"));
        var rightAfterwards = await PostLoginAsync(client, MemberEmail, MemberPassword);
        var editPage = await admin.GetDocumentAsync($"/Users/Edit/{await UserIdAsync(MemberEmail)}");

        Assert.All(answers[..4], answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.All(answers[4..].Append(rightAfterwards), answer => Assert.Contains("Lockout", answer.Headers.Location?.OriginalString ?? ""));
        // The admin who opens the account reads it, and how to end it.
        Assert.StartsWith("Locked out after wrong passwords, until ", editPage.QuerySelector("#locked-out")!.TextContent);
        Assert.Contains("A new password below ends it now.", editPage.QuerySelector("#locked-out")!.TextContent);
    }

    [Fact]
    public async Task An_admin_deletes_a_user()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var memberId = await UserIdAsync(MemberEmail);

        var response = await admin.HtmxPostAsync($"/Users?handler=Delete&id={memberId}", "/Users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await CountUsersAsync());
    }

    [Theory]
    [InlineData("Delete")]
    [InlineData("Disable")]
    [InlineData("Demote")]
    public async Task A_deleted_disabled_or_demoted_admin_is_signed_out_at_their_next_request(string change)
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var colleagueId = await UserIdAsync(MemberEmail);
        await admin.SubmitAsync($"/Users/Edit/{colleagueId}", new Dictionary<string, string> { ["Input.Role"] = "Admin" });
        var colleague = await LoginAsync(MemberEmail, MemberPassword);
        Assert.Equal(HttpStatusCode.OK, (await colleague.Http.GetAsync("/Users")).StatusCode); // an admin now

        var changed = change switch
        {
            "Demote" => await admin.SubmitAsync($"/Users/Edit/{colleagueId}", new Dictionary<string, string> { ["Input.Role"] = "Member" }),
            _ => await admin.HtmxPostAsync($"/Users?handler={change}&id={colleagueId}", "/Users"),
        };
        var afterwards = await colleague.Http.GetAsync("/Users"); // at once, not within Identity's minute
        var tokens = await colleague.Http.GetAsync("/Tokens");

        Assert.True(changed.IsSuccessStatusCode || changed.StatusCode == HttpStatusCode.Redirect, $"{changed.StatusCode}");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/Identity/Account/Login", afterwards.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, tokens.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.ApiTokens.CountAsync()));
    }

    [Fact]
    public async Task Turning_off_ones_own_authenticator_keeps_one_signed_in()
    {
        var admin = await SetUpAdminAsync();
        var adminId = await UserIdAsync(AdminEmail);
        await QueryAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == adminId);
            user.TwoFactorEnabled = true; // as if set up: turning it off changes the security stamp
            return await db.SaveChangesAsync();
        });

        var disabled = await admin.SubmitAsync("/Identity/Account/Manage/Disable2fa", new Dictionary<string, string>());
        var next = await admin.Http.GetAsync("/Users");

        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False(await QueryAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode); // their own change: still signed in
    }

    [Fact]
    public async Task An_admin_cannot_disable_delete_or_demote_themselves()
    {
        var admin = await SetUpAdminAsync();
        var adminId = await QueryAsync(db => db.Users.Select(u => u.Id).SingleAsync());

        var disable = await admin.HtmxPostAsync($"/Users?handler=Disable&id={adminId}", "/Users");
        var delete = await admin.HtmxPostAsync($"/Users?handler=Delete&id={adminId}", "/Users");
        var demote = await admin.SubmitAsync($"/Users/Edit/{adminId}", new Dictionary<string, string> { ["Input.Role"] = "Member" });

        Assert.Contains("cannot disable your own account", await disable.Content.ReadAsStringAsync());
        Assert.Contains("cannot delete your own account", await delete.Content.ReadAsStringAsync());
        Assert.Contains("cannot remove your own Admin role", await demote.Content.ReadAsStringAsync());
        var user = await QueryAsync(db => db.Users.SingleAsync());
        Assert.False(user.IsDisabled);
    }
}

public sealed class UserAdministrationTestsOnSqlite() : UserAdministrationTests(DatabaseProvider.Sqlite);
public sealed class UserAdministrationTestsOnPostgres() : UserAdministrationTests(DatabaseProvider.Postgres);
