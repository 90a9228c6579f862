using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NotifyOrleans.Web.Areas.Identity.Pages.Account;

/// <summary>Replaces Identity UI's self-registration, which this product does not offer.</summary>
[AllowAnonymous]
public sealed class RegisterModel : PageModel
{
    public IActionResult OnGet() => NotFound();
    public IActionResult OnPost() => NotFound();
}
