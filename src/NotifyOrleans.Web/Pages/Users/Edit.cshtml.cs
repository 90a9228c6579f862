using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.Identity;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using NotifyOrleans.Web.Users;

namespace NotifyOrleans.Web.Pages.Users;

public sealed class EditModel(UserManager<AppUser> users, UserAccounts accounts, TimeProvider time) : PageModel
{
    [BindProperty] public EditUserInput Input { get; set; } = new();

    public sealed class EditUserInput
    {
        [Required(ErrorMessage = "Enter an email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.com.")]
        [StringLength(256, ErrorMessage = "An email address is at most 256 characters.")]
        public string Email { get; set; } = "";

        [StringLength(AppUser.DisplayNameMaxLength, ErrorMessage = "A display name is at most 100 characters.")]
        public string? DisplayName { get; set; }

        [Required(ErrorMessage = "Choose a role.")]
        [AllowedValues(Roles.Admin, Roles.Member, ErrorMessage = "Choose Admin or Member.")]
        public string Role { get; set; } = Roles.Member;

        [StringLength(200, MinimumLength = PasswordPolicy.MinimumLength,
            ErrorMessage = PasswordPolicy.TooShort)]
        public string? NewPassword { get; set; }
    }

    public bool TwoFactorEnabled { get; private set; }
    /// <summary>Until when wrong passwords lock the account; null when it is not locked.</summary>
    public DateTimeOffset? LockedOutUntil { get; private set; }

    /// <summary>The address the account has now: the heading's, also while the form shows a refused one.</summary>
    public string SavedEmail { get; private set; } = "";

    /// <summary>A user who lost their authenticator: turn 2FA off and forget the old key; they set it up again.</summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.UpdateSecurityStampAsync(user);
        TempData.Show($"Two-factor sign-in reset for {user.Email}: they log in with the password and can set it up again.");
        return Redirect("/Users");
    }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        Show(user);
        Input = new EditUserInput
        {
            Email = user.Email ?? "",
            DisplayName = user.DisplayName,
            Role = await accounts.RoleOfAsync(user) ?? Roles.Member,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        Show(user);

        // Every problem in one round, before anything is saved: a rejected password must not leave
        // the other fields half-saved, and a role or an address refused is said beside it.
        if (!string.IsNullOrEmpty(Input.NewPassword) && ModelState.GetFieldValidationState("Input.NewPassword") != ModelValidationState.Invalid)
        {
            var problems = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                var check = await validator.ValidateAsync(users, user, Input.NewPassword);
                problems.AddRange(check.Errors.Select(e => e.Description));
            }

            if (problems.Count > 0) ModelState.AddModelError("Input.NewPassword", string.Join(" ", problems));
        }

        ModelState.AddAccountErrorsBesideTheFormsOwn(await accounts.CheckEditAsync(user, Input.Email, Input.Role, users.GetUserId(User)!));
        if (!ModelState.IsValid) return Page();

        var result = await accounts.UpdateAsync(user, Input.Email, Input.DisplayName, Input.Role, users.GetUserId(User)!);
        if (result.Succeeded && !string.IsNullOrEmpty(Input.NewPassword))
            result = await accounts.ResetPasswordAsync(user, Input.NewPassword);
        if (!result.Succeeded)
        {
            ModelState.AddAccountErrors(result);
            return Page();
        }

        TempData.Show($"{user.Email} saved.");
        return Redirect("/Users");
    }

    private void Show(AppUser user)
    {
        SavedEmail = user.Email ?? "";
        TwoFactorEnabled = user.TwoFactorEnabled;
        LockedOutUntil = user.LockoutEnd > time.GetUtcNow() ? user.LockoutEnd : null;
    }
}
