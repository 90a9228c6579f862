using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace NotifyOrleans.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Where a locked-out login lands, in place of Identity UI's "please try again later": how long the
/// lock lasts and who can lift it sooner, so a person does not keep trying (each try is refused).
/// </summary>
[AllowAnonymous]
public sealed class LockoutModel(IOptions<IdentityOptions> identity) : PageModel
{
    public int Minutes => (int)identity.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes;

    public int Attempts => identity.Value.Lockout.MaxFailedAccessAttempts;
}
