using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using NotifyOrleans.Web.Users;

namespace NotifyOrleans.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// The account's profile, in place of Identity UI's (a phone number the product never uses): the
/// display name people see in escalation steps and subscriptions, which each user sets for
/// themselves. The email address is the sign-in name; an admin changes it on the Users page. And
/// the way to end one's other sessions.
/// </summary>
public sealed class IndexModel(UserManager<AppUser> users, SignInManager<AppUser> signIns) : PageModel
{
    [BindProperty] public ProfileInput Input { get; set; } = new();

    public string Email { get; private set; } = "";

    public sealed class ProfileInput
    {
        [StringLength(AppUser.DisplayNameMaxLength, ErrorMessage = "A display name is at most 100 characters.")]
        public string? DisplayName { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Email = user.Email ?? "";
        Input.DisplayName = user.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Email = user.Email ?? "";
        if (!ModelState.IsValid) return Page();

        user.DisplayName = DisplayNames.OrEmailName(Input.DisplayName, Email);
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            ModelState.AddModelError("Input.DisplayName", string.Join(" ", updated.Errors.Select(e => e.Description)));
            return Page();
        }

        await signIns.RefreshSignInAsync(user); // the cookie carries the name the top bar shows
        TempData.Show("Your display name is saved.");
        return RedirectToPage();
    }

    /// <summary>
    /// Ends every other session of the account (another browser, a cookie copied before a logout)
    /// at its next request: a new security stamp, which this session is signed in again with.
    /// </summary>
    public async Task<IActionResult> OnPostSignOutElsewhereAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        await users.UpdateSecurityStampAsync(user);
        await signIns.RefreshSignInAsync(user);
        TempData.Show("Signed out everywhere else.");
        return RedirectToPage();
    }
}
