using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using NotifyOrleans.Infrastructure.Identity;

namespace NotifyOrleans.Web.Identity;

/// <summary>
/// The stock two-factor pages throw (a 500) when opened out of order: the second login step
/// without a first, recovery codes or "disable" for an account without two-factor. Such a visit
/// is sent where it makes sense instead. Setting up an authenticator resets the account's key
/// and security stamp; the sign-in is refreshed with it, or the periodic stamp check would sign
/// the user out while they are still scanning the QR code.
/// </summary>
public sealed class TwoFactorPagesGuard(SignInManager<AppUser> signIn) : IAsyncPageFilter
{
    private static readonly string[] SecondLoginStep = ["/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];
    private static readonly string[] NeedTwoFactor = ["/Account/Manage/GenerateRecoveryCodes", "/Account/Manage/Disable2fa"];
    private const string EnableAuthenticator = "/Account/Manage/EnableAuthenticator";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var page = context.ActionDescriptor.ViewEnginePath;
        if (context.ActionDescriptor.AreaName != "Identity") { await next(); return; }

        if (SecondLoginStep.Contains(page) && await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            context.Result = new RedirectToPageResult("/Account/Login", new { area = "Identity" });
            return;
        }

        if (NeedTwoFactor.Contains(page) && await signIn.UserManager.GetUserAsync(context.HttpContext.User) is { } user
            && !await signIn.UserManager.GetTwoFactorEnabledAsync(user))
        {
            context.Result = new RedirectToPageResult("/Account/Manage/TwoFactorAuthentication", new { area = "Identity" });
            return;
        }

        var executed = await next();
        if (page == EnableAuthenticator && executed.Exception is null) await KeepSignedInAsync(context.HttpContext);
    }

    /// <summary>Re-issues the cookie when the handler changed the security stamp the cookie carries.</summary>
    private async Task KeepSignedInAsync(HttpContext http)
    {
        if (await signIn.UserManager.GetUserAsync(http.User) is not { } user) return;
        var cookieStamp = http.User.FindFirst(signIn.Options.ClaimsIdentity.SecurityStampClaimType)?.Value;
        if (cookieStamp != await signIn.UserManager.GetSecurityStampAsync(user)) await signIn.RefreshSignInAsync(user);
    }
}
