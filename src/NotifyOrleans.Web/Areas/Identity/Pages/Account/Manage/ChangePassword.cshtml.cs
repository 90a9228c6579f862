using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.Identity;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using NotifyOrleans.Web.Users;

namespace NotifyOrleans.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Change password, in place of Identity UI's, whose form checked "at least 6 characters" in the
/// browser while the app asks for <see cref="PasswordPolicy.MinimumLength"/> with a digit, an
/// upper-case letter and a symbol: the form said one rule and the server another.
/// </summary>
public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIns, UserAccounts accounts) : PageModel
{
    [BindProperty] public PasswordInput Input { get; set; } = new();

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        public string OldPassword { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password.")]
        [StringLength(200, MinimumLength = PasswordPolicy.MinimumLength, ErrorMessage = PasswordPolicy.TooShort)]
        public string NewPassword { get; set; } = "";

        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync() => await users.GetUserAsync(User) is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var (current, next) = (Input.OldPassword ?? "", Input.NewPassword ?? ""); // an empty field is bound as null
        ModelState.AddAccountErrorsBesideTheFormsOwn(await accounts.CheckPasswordChangeAsync(user, current, next));
        if (!ModelState.IsValid) return Page();

        var changed = await users.ChangePasswordAsync(user, current, next);
        if (!changed.Succeeded)
        {
            ModelState.AddAccountErrors(UserAccounts.FromIdentity(changed, "NewPassword"));
            return Page();
        }

        await signIns.RefreshSignInAsync(user); // the security stamp changed: keep this session signed in
        TempData.Show("Your password is changed.");
        return RedirectToPage();
    }
}
