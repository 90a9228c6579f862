using System.ComponentModel.DataAnnotations;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.Identity;
using NotifyOrleans.Web.Pages.Shared.Forms;

namespace NotifyOrleans.Web.Users;

/// <summary>
/// The fields of a new account, shared by first-run setup, the admin's Add user form and
/// <c>./run.sh users create</c> (which leaves the zone at UTC).
/// </summary>
public class NewUserInput
{
    [Required(ErrorMessage = "Enter an email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.com.")]
    [StringLength(256, ErrorMessage = "An email address is at most 256 characters.")]
    public string Email { get; set; } = "";

    /// <summary>Optional: without one, <see cref="UserAccounts"/> stores the address's name (<see cref="DisplayNames"/>).</summary>
    [StringLength(AppUser.DisplayNameMaxLength, ErrorMessage = "A display name is at most 100 characters.")]
    [Display(Name = "Display name")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Enter a password.")]
    [StringLength(200, MinimumLength = PasswordPolicy.MinimumLength,
        ErrorMessage = PasswordPolicy.TooShort)]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repeat the password.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [DataType(DataType.Password)]
    [Display(Name = "Repeat password")]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>The zone the person reads times in from their first page and mail on (My notifications changes it).</summary>
    [Required(ErrorMessage = "Choose a time zone.")]
    [KnownTimeZone]
    public string TimeZoneId { get; set; } = "UTC";
}
