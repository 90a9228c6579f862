using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Runtime;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.Htmx;
using NotifyOrleans.Web.Users;

namespace NotifyOrleans.Web.Pages.Users;

/// <summary>The admin's list of users, with Disable/Enable and Delete as htmx row actions.</summary>
public sealed class IndexModel(UserManager<AppUser> users, UserAccounts accounts, IGrainFactory grains, TimeProvider time) : PageModel
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
        if (result.Succeeded) Response.TriggerToast($"{user.Email} {verb}.");
        Rows = await LoadRowsAsync();
        Response.VaryOnHtmx();
        return Request.IsHtmx() ? Partial("_UserTable", this) : Page();
    }

    private async Task<IReadOnlyList<UserRow>> LoadRowsAsync()
    {
        var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Select(u => u.Id).ToHashSet();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync();
        var now = time.GetUtcNow();
        var rows = new List<UserRow>(all.Count);
        foreach (var user in all)
        {
            var snapshot = await grains.GetGrain<IUserGrain>(user.Id).GetSnapshotAsync();
            rows.Add(new UserRow(user.Id, user.Email ?? "", user.DisplayName,
                admins.Contains(user.Id) ? Roles.Admin : Roles.Member, user.IsDisabled,
                user.LockoutEnd > now, user.TwoFactorEnabled, user.CreatedAt, snapshot.LastLoginAt, user.Id == CurrentUserId));
        }

        return rows;
    }
}
