using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.FirstRun;
using NotifyOrleans.Web.SystemEvents;
using NotifyOrleans.Web.Users;
using Orleans;

namespace NotifyOrleans.Web.Pages.Setup;

/// <summary>First run: creates the first admin. Once any user exists it only redirects to login.</summary>
public sealed class IndexModel(FirstRunState firstRun, UserAccounts accounts, SignInManager<AppUser> signIn, IGrainFactory grains) : PageModel
{
    [BindProperty] public NewUserInput Input { get; set; } = new();

    /// <summary>The form's first showing takes the browser's zone; shown again after an error, it keeps what was chosen.</summary>
    public bool PicksBrowserZone => HttpMethods.IsGet(Request.Method);

    public async Task<IActionResult> OnGetAsync() =>
        await firstRun.NeedsSetupAsync(HttpContext.RequestAborted) ? Page() : Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await firstRun.NeedsSetupAsync(HttpContext.RequestAborted)) return Redirect("/");
        if (!ModelState.IsValid) return Page();
        return await firstRun.SetUpOnceAsync(CreateFirstAdminAsync, () => Redirect("/"), HttpContext.RequestAborted);
    }

    private async Task<IActionResult> CreateFirstAdminAsync()
    {
        var (result, admin) = await accounts.CreateAsync(Input.Email, Input.DisplayName, Input.Password, Roles.Admin, Input.TimeZoneId,
            HttpContext.GetEventOrigin(), HttpContext.RequestAborted);
        if (!result.Succeeded || admin is null)
        {
            ModelState.AddAccountErrors(result);
            return Page();
        }

        firstRun.MarkSetUp();
        await signIn.SignInAsync(admin, isPersistent: false);
        // Her first sign-in (the Users page shows it), without a User Login notice: User Created told of it.
        await grains.GetGrain<IUserGrain>(admin.Id).RecordLoginAsync(HttpContext.RequestAborted);
        return Redirect("/");
    }
}
