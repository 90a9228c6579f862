using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Infrastructure.Identity;
using Htmx;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using NotifyOrleans.Web.Users;

namespace NotifyOrleans.Web.Pages.Users;

/// <summary>The admin's list of users, with Disable/Enable and Delete as htmx row actions.</summary>
public sealed class IndexModel(UserManager<AppUser> users, UserAccounts accounts) : PageModel
{
    public IReadOnlyList<UserRow> Rows { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync() => Rows = await LoadRowsAsync();

    public async Task<IActionResult> OnPostDisableAsync(string id) => await ChangeAsync(id, user => accounts.SetDisabledAsync(user, true, CurrentUserId), "disabled");

    public async Task<IActionResult> OnPostEnableAsync(string id) => await ChangeAsync(id, user => accounts.SetDisabledAsync(user, false, CurrentUserId), "enabled");

    public async Task<IActionResult> OnPostDeleteAsync(string id) => await ChangeAsync(id, user => accounts.DeleteAsync(user, CurrentUserId), "deleted");

    private string CurrentUserId => users.GetUserId(User)!;

    /// <summary>Applies a change and answers with the refreshed table (htmx) or the page.</summary>
    private async Task<IActionResult> ChangeAsync(string id, Func<AppUser, Task<AccountResult>> change, string verb)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        var result = await change(user);
        Error = result.Succeeded ? null : string.Join(" ", result.Errors.Values);
        if (result.Succeeded) Response.Htmx(h => h.WithToast($"{user.Email} {verb}."));
        Rows = await LoadRowsAsync();
        Response.Htmx(h => h.WithVary());
        return Request.IsHtmx() ? Partial("_UserTable", this) : Page();
    }

    private Task<IReadOnlyList<UserRow>> LoadRowsAsync() => accounts.ListAsync(CurrentUserId);
}
