using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NotifyOrleans.Web.Areas.Identity.Pages.Account;

/// <summary>Replaces Identity UI's emailed password reset: no mail is configured for accounts yet, and the stock page would pretend a mail was sent.</summary>
[AllowAnonymous]
public sealed class ForgotPasswordModel : PageModel
{
    public IActionResult OnGet() => NotFound();
    public IActionResult OnPost() => NotFound();
}
