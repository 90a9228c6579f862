using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Web.Identity;
using Orleans;

namespace NotifyOrleans.Web.Users;

/// <summary>The outcome of an account change: success, or messages keyed by the form field they belong to.</summary>
public sealed record AccountResult(IReadOnlyDictionary<string, string> Errors)
{
    public static readonly AccountResult Success = new(new Dictionary<string, string>());
    public bool Succeeded => Errors.Count == 0;
    public static AccountResult Error(string field, string message) => new(new Dictionary<string, string> { [field] = message });
}

/// <summary>
/// Creating and administering console users, shared by first-run setup and the Users pages.
/// It keeps the rules that protect an installation from locking itself out: there is always at
/// least one active admin, and nobody disables, demotes or deletes themselves.
/// </summary>
public sealed class UserAccounts(UserManager<AppUser> users, AppDbContext db, SystemEventRecorder events, TimeProvider time, IGrainFactory grains)
{
    private const string TakenEmail = "Another user already has this email address.";

    /// <param name="timeZoneId">
    /// The zone the new user reads times in (checked by the caller's form rules); none, and their
    /// browser's is offered when they first open My notifications (UTC until then).
    /// </param>
    public async Task<(AccountResult Result, AppUser? User)> CreateAsync(
        string email, string? displayName, string password, string role, string? timeZoneId, EventOrigin origin, CancellationToken cancellationToken)
    {
        var user = new AppUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            DisplayName = DisplayNames.OrEmailName(displayName, email),
            CreatedAt = time.GetUtcNow(),
        };

        // One transaction: a user is never left without a role, and the User Created event
        // exists exactly when the user does.
        // (The user store shares this scope's DbContext, so its writes join the transaction.)
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            // Identity checks the password before the address: a taken address was said only
            // once the password passed, on a second submit.
            var errors = FromIdentity(created, "Password");
            if (!errors.Errors.ContainsKey("Email") && await users.FindByEmailAsync(user.Email) is not null)
                errors = new AccountResult(new Dictionary<string, string>(errors.Errors) { ["Email"] = TakenEmail });
            return (errors, null);
        }

        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded) return (FromIdentity(inRole, "Role"), null);
        if (timeZoneId is not null) StageFirstPreferences(user.Id, timeZoneId);
        events.Stage(new SystemEvent
        {
            Type = SystemEventType.UserCreated, UserId = user.Id, UserEmail = user.Email,
            Summary = $"{user.Email} was created as {role}" + (origin.ActorEmail is { } actor ? $" by {actor}" : origin.Source is { } source ? $" {source}" : ""),
        }, origin);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (AccountResult.Success, user);
    }

    /// <summary>
    /// The user grain's first row, with the chosen time zone, in the account's transaction: an id
    /// made a moment ago has no grain yet, so its row is written here as the grain would write it,
    /// and no account exists, even briefly, that reads times in another zone.
    /// </summary>
    private void StageFirstPreferences(string userId, string timeZoneId)
    {
        var state = new GrainStateRow<UserState>(userId);
        UserTransitions.ApplyPreferences(state.State, NotificationPreferences.Default with { TimeZoneId = timeZoneId }, time.GetUtcNow());
        state.StageWrite(db);
    }

    /// <summary>An error on Email when another user has the address; success when it is free (or empty: the form says that).</summary>
    public async Task<AccountResult> CheckNewEmailAsync(string? email) =>
        !string.IsNullOrWhiteSpace(email) && await users.FindByEmailAsync(email.Trim()) is not null ? AccountResult.Error("Email", TakenEmail) : AccountResult.Success;

    /// <summary>What keeps an edit from being saved, every problem at once: a role this user may not lose, an address another user has.</summary>
    public async Task<AccountResult> CheckEditAsync(AppUser user, string? email, string role, string actingUserId)
    {
        var errors = new Dictionary<string, string>();
        if (await RoleOfAsync(user) == Roles.Admin && role != Roles.Admin)
        {
            if (user.Id == actingUserId) errors["Role"] = "You cannot remove your own Admin role.";
            else if (await IsLastActiveAdminAsync(user)) errors["Role"] = "This is the last active admin; make another user Admin first.";
        }

        if (!string.IsNullOrWhiteSpace(email) && await users.FindByEmailAsync(email.Trim()) is { } other && other.Id != user.Id) errors["Email"] = TakenEmail;
        return new AccountResult(errors);
    }

    public async Task<AccountResult> UpdateAsync(AppUser user, string email, string? displayName, string role, string actingUserId)
    {
        if (await CheckEditAsync(user, email, role, actingUserId) is { Succeeded: false } problems) return problems;
        var currentRole = await RoleOfAsync(user);

        user.Email = user.UserName = email.Trim();
        user.DisplayName = DisplayNames.OrEmailName(displayName, email);
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return FromIdentity(updated, "Email");

        if (currentRole != role)
        {
            if (currentRole is not null) await users.RemoveFromRoleAsync(user, currentRole);
            await users.AddToRoleAsync(user, role);
            await users.UpdateSecurityStampAsync(user); // signs them out everywhere: a demoted admin keeps no admin session
        }

        return AccountResult.Success;
    }

    public async Task<AccountResult> SetDisabledAsync(AppUser user, bool disabled, string actingUserId)
    {
        if (disabled && user.Id == actingUserId) return AccountResult.Error("", "You cannot disable your own account.");
        if (disabled && await RoleOfAsync(user) == Roles.Admin && await IsLastActiveAdminAsync(user))
            return AccountResult.Error("", "This is the last active admin and cannot be disabled.");
        user.IsDisabled = disabled;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return FromIdentity(updated, "");
        await users.UpdateSecurityStampAsync(user); // signs the user out everywhere
        if (disabled) await DropHeldMailAsync(user);
        return AccountResult.Success;
    }

    public async Task<AccountResult> DeleteAsync(AppUser user, string actingUserId)
    {
        if (user.Id == actingUserId) return AccountResult.Error("", "You cannot delete your own account.");
        if (await RoleOfAsync(user) == Roles.Admin && await IsLastActiveAdminAsync(user))
            return AccountResult.Error("", "This is the last active admin and cannot be deleted.");
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded) return FromIdentity(deleted, "");
        await DropHeldMailAsync(user);
        return AccountResult.Success;
    }

    /// <summary>
    /// What the person's quiet hours held for their digest is cancelled now, and says why, rather than
    /// reading "held" in the Delivery log until their quiet hours would have ended: their grain's
    /// digest finds the account disabled or gone and sends nothing.
    /// </summary>
    private Task DropHeldMailAsync(AppUser user) => grains.GetGrain<IUserGrain>(user.Id).SendDigestAsync();

    /// <summary>
    /// An admin's new password for someone (Users page, <c>./run.sh users reset-password</c>), which
    /// also lifts a lockout: five wrong guesses before it must not keep the owner out 15 minutes more.
    /// </summary>
    public async Task<AccountResult> ResetPasswordAsync(AppUser user, string newPassword)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (!reset.Succeeded) return FromIdentity(reset, "NewPassword");
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return AccountResult.Success;
    }

    /// <summary>
    /// Change password's checks in one round: a wrong current password beside what the new one lacks.
    /// Identity's <c>ChangePasswordAsync</c> checks the current password first and stops there, so
    /// the form told its mistakes one submit at a time.
    /// </summary>
    /// <remarks>
    /// A wrong current password counts towards the account's lockout, as at sign-in, and a locked account
    /// changes no password: an open session left behind was a way to guess it without limit.
    /// </remarks>
    public async Task<AccountResult> CheckPasswordChangeAsync(AppUser user, string currentPassword, string newPassword)
    {
        if (await users.IsLockedOutAsync(user)) return new AccountResult(new Dictionary<string, string> { ["OldPassword"] = LockedOut });
        var lacks = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            lacks.AddRange((await validator.ValidateAsync(users, user, newPassword)).Errors);
        if (!await users.CheckPasswordAsync(user, currentPassword))
        {
            lacks.Add(users.ErrorDescriber.PasswordMismatch());
            await users.AccessFailedAsync(user);
            if (await users.IsLockedOutAsync(user)) return new AccountResult(new Dictionary<string, string> { ["OldPassword"] = LockedOut });
        }
        else await users.ResetAccessFailedCountAsync(user); // the password shown, as a sign-in does

        return lacks.Count == 0 ? AccountResult.Success : FromIdentity(IdentityResult.Failed([.. lacks]), "NewPassword");
    }

    private string LockedOut =>
        $"Too many wrong passwords: the account is locked for {users.Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes:0} minutes, its sign-in too. Try again then.";

    /// <summary>Everyone, by email address, with their role, state and last login.</summary>
    /// <param name="currentUserId">Who asks (the row marked "you"); null on the command line.</param>
    public async Task<IReadOnlyList<UserRow>> ListAsync(string? currentUserId)
    {
        var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Select(u => u.Id).ToHashSet();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync();
        // One query for everyone's last login (the user grains' state rows) instead of a grain call per row.
        var lastLogins = await db.UserStates.AsNoTracking()
            .Select(s => new { Key = EF.Property<string>(s, GrainKeyModelExtensions.KeyProperty), s.LastLoginAt })
            .ToDictionaryAsync(s => s.Key, s => s.LastLoginAt);
        var now = time.GetUtcNow();
        return all.Select(user => new UserRow(user.Id, user.Email ?? "", user.DisplayName,
                admins.Contains(user.Id) ? Roles.Admin : Roles.Member, user.IsDisabled,
                user.LockoutEnd > now, user.TwoFactorEnabled, user.CreatedAt, lastLogins.GetValueOrDefault(user.Id), user.Id == currentUserId))
            .ToList();
    }

    public async Task<string?> RoleOfAsync(AppUser user) =>
        (await users.GetRolesAsync(user)).OrderBy(role => role == Roles.Admin ? 0 : 1).FirstOrDefault();

    private async Task<bool> IsLastActiveAdminAsync(AppUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return !admins.Any(admin => admin.Id != user.Id && !admin.IsDisabled);
    }

    /// <summary>Identity's error codes, mapped to the form field the message belongs next to.</summary>
    /// <summary>
    /// Identity's errors as messages at their fields, in the forms' words: what a password lacks in
    /// one sentence (<see cref="PasswordPolicy.Missing"/>), a taken address once, a wrong current
    /// password at <c>OldPassword</c> (Change password).
    /// </summary>
    public static AccountResult FromIdentity(IdentityResult result, string defaultField)
    {
        var errors = new Dictionary<string, string>();
        var passwordField = defaultField is "Password" or "NewPassword" ? defaultField : "Password";
        if (PasswordPolicy.Missing(result.Errors.Select(error => error.Code)) is { } missing) errors[passwordField] = missing;
        foreach (var error in result.Errors.Where(error => !PasswordPolicy.IsRuleCode(error.Code)))
        {
            // The user name is the email address: Identity reports a taken one twice, in its own words.
            if (error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
            {
                errors["Email"] = TakenEmail;
                continue;
            }

            if (error.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
            {
                errors["OldPassword"] = "That is not your current password.";
                continue;
            }

            var field = error.Code switch
            {
                nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) => "Email",
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                _ => defaultField,
            };
            errors[field] = errors.TryGetValue(field, out var existing) ? $"{existing} {error.Description}" : error.Description;
        }

        return new AccountResult(errors);
    }
}
