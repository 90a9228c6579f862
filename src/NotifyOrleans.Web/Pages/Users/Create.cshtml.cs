using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.Pages.Shared.Times;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using NotifyOrleans.Web.SystemEvents;
using NotifyOrleans.Web.Users;

namespace NotifyOrleans.Web.Pages.Users;

public sealed class CreateModel(UserAccounts accounts, ViewerTime viewer) : PageModel
{
    [BindProperty] public CreateUserInput Input { get; set; } = new();

    public sealed class CreateUserInput : NewUserInput
    {
        [Required(ErrorMessage = "Choose a role.")]
        [AllowedValues(Roles.Admin, Roles.Member, ErrorMessage = "Choose Admin or Member.")]
        public string Role { get; set; } = Roles.Member;
    }

    /// <summary>A colleague most likely reads times where the admin does: the form starts with the admin's zone.</summary>
    public void OnGet() => Input.TimeZoneId = viewer.ZoneName;

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.AddAccountErrorsBesideTheFormsOwn(await accounts.CheckNewEmailAsync(Input.Email));
        if (!ModelState.IsValid) return Page();
        var (result, user) = await accounts.CreateAsync(Input.Email, Input.DisplayName, Input.Password, Input.Role, Input.TimeZoneId,
            HttpContext.GetEventOrigin(), HttpContext.RequestAborted);
        if (!result.Succeeded || user is null)
        {
            ModelState.AddAccountErrors(result);
            return Page();
        }

        TempData.Show($"{user.Email} can now log in.");
        return Redirect("/Users");
    }
}
