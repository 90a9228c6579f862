using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NotifyOrleans.Web.Areas.Identity.Pages;

/// <summary>
/// The model of the Identity UI pages this product replaces with a 404 for everyone: self-
/// registration and its confirmation (admins create users; the stock confirmation page even shows
/// a confirmation link for any existing address), emailed password resets, email confirmation and
/// email changes (no account mail is configured, and the stock pages would claim a mail was sent),
/// external logins and set-password (none configured), and self-deletion (an admin's job, so the
/// last admin cannot delete themselves).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken] // a POST gets the same 404 as a GET, not a 400 for a missing token
public sealed class NotOfferedModel : PageModel
{
    public IActionResult OnGet() => NotFound();
    public IActionResult OnPost() => NotFound();
}
