using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NotifyOrleans.Web.Areas.Identity.Pages;

/// <summary>
/// The model of the Identity UI pages this product replaces with a 404: self-registration (admins
/// create users), emailed password resets and email changes (no account mail is configured, and
/// the stock pages would claim a mail was sent), and self-deletion (an admin's job, so the last
/// admin cannot delete themselves).
/// </summary>
[AllowAnonymous]
public sealed class NotOfferedModel : PageModel
{
    public IActionResult OnGet() => NotFound();
    public IActionResult OnPost() => NotFound();
}
