using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.Identity;

namespace NotifyOrleans.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces Identity UI's login page: same sign-in flow (2FA and lockout pages are Identity's),
/// without the self-registration, external-login and emailed-reset links this product doesn't offer.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, SignInThrottle throttle) : PageModel
{
    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(256)]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [StringLength(200)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var address = HttpContext.Connection.RemoteIpAddress;
        if (await throttle.RefusedAsync(address) is { } wait)
        {
            // Refused before the password is checked, so guessing on gets no answer at all.
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty, $"Too many failed sign-ins from your network address. Try again in {Minutes(wait)}.");
            return Page();
        }

        if (await signIn.UserManager.FindByNameAsync(Input.Email) is not { } user) return await NoSuchAccountAsync(address);
        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(SafeReturnUrl);
        if (result.RequiresTwoFactor) return RedirectToPage("./LoginWith2fa", new { ReturnUrl = SafeReturnUrl, Input.RememberMe });
        if (result.IsNotAllowed && user.IsDisabled) return await DisabledAccountAsync(user, address);
        await throttle.FailedAsync(address);
        if (result.IsLockedOut) return RedirectToPage("./Lockout");

        ModelState.AddModelError(string.Empty, "Invalid email or password.");
        return Page();
    }

    /// <summary>
    /// Identity refuses a disabled account before it checks the password or the lockout. Both are
    /// checked here all the same: only its owner learns that the account is disabled (and whom to
    /// ask), and a wrong password is answered as for any account, in as much time and with the
    /// lockout page after as many, so nothing tells a guesser that a disabled account has this address.
    /// </summary>
    private async Task<IActionResult> DisabledAccountAsync(AppUser user, System.Net.IPAddress? address)
    {
        var accounts = signIn.UserManager;
        var lockedOut = await accounts.IsLockedOutAsync(user);
        if (!lockedOut && await accounts.CheckPasswordAsync(user, Input.Password))
        {
            ModelState.AddModelError(string.Empty, "This account is disabled. Ask an administrator of NotifyOrleans to enable it.");
            return Page();
        }

        await throttle.FailedAsync(address);
        if (!lockedOut) await accounts.AccessFailedAsync(user); // locks at the fifth, as Identity does
        if (lockedOut || await accounts.IsLockedOutAsync(user)) return RedirectToPage("./Lockout");
        ModelState.AddModelError(string.Empty, "Invalid email or password.");
        return Page();
    }

    /// <summary>
    /// An address that is no account's is answered as a wrong password is, in as much time (a
    /// password is checked against a hash all the same) and with the lockout page after as many
    /// tries: neither the answer nor its speed tells a guesser which addresses have an account.
    /// </summary>
    private async Task<IActionResult> NoSuchAccountAsync(System.Net.IPAddress? address)
    {
        // "Locked out" already: answered at once, as Identity answers a locked-out account, without the hash.
        if (await throttle.NoAccountLockedOutAsync(Input.Email, signIn.Options.Lockout))
        {
            await throttle.FailedAsync(address); // as a locked-out account's try counts for its address
            return RedirectToPage("./Lockout");
        }

        var hasher = signIn.UserManager.PasswordHasher;
        hasher.VerifyHashedPassword(new AppUser(), _noAccountHash ??= hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString()), Input.Password);
        await throttle.FailedAsync(address);
        if (await throttle.NoAccountFailedAsync(Input.Email, signIn.Options.Lockout)) return RedirectToPage("./Lockout");
        ModelState.AddModelError(string.Empty, "Invalid email or password.");
        return Page();
    }

    /// <summary>A hash made as a real password's is (the same hasher and work), of nothing anyone types.</summary>
    private static string? _noAccountHash;

    private static string Minutes(TimeSpan wait) => (int)Math.Ceiling(wait.TotalMinutes) is var minutes and > 1 ? $"{minutes} minutes" : "a minute";

    private string SafeReturnUrl => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/";
}
