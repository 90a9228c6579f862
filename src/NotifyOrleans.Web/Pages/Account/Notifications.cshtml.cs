using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Identity;
using Orleans;

namespace NotifyOrleans.Web.Pages.Account;

/// <summary>"My notifications": the signed-in user's own preferences, kept by their user grain.</summary>
public sealed class NotificationsModel(UserManager<AppUser> users, IGrainFactory grains) : PageModel
{
    [BindProperty] public PreferencesInput Input { get; set; } = new();
    public DateTimeOffset? UpdatedAt { get; private set; }

    public sealed class PreferencesInput
    {
        [Required(ErrorMessage = "Choose a time zone.")]
        [StringLength(64, ErrorMessage = "Choose a time zone from the list.")]
        public string TimeZoneId { get; set; } = "UTC";

        public bool EmailOnOwnLogin { get; set; }
    }

    private IUserGrain Grain => grains.GetGrain<IUserGrain>(users.GetUserId(User)!);

    public async Task OnGetAsync()
    {
        var snapshot = await Grain.GetSnapshotAsync(HttpContext.RequestAborted);
        Input = new PreferencesInput { TimeZoneId = snapshot.Preferences.TimeZoneId, EmailOnOwnLogin = snapshot.Preferences.EmailOnOwnLogin };
        UpdatedAt = snapshot.PreferencesUpdatedAt;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid && !TimeZones.IsKnown(Input.TimeZoneId))
            ModelState.AddModelError("Input.TimeZoneId", "Choose a time zone from the list.");
        if (!ModelState.IsValid) return Page();

        await Grain.UpdatePreferencesAsync(new NotificationPreferences(Input.TimeZoneId, Input.EmailOnOwnLogin), HttpContext.RequestAborted);
        TempData["Toast"] = "Your notification preferences were saved.";
        return RedirectToPage();
    }
}
