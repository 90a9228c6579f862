using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using V4 = Microsoft.AspNetCore.Identity.UI.V4.Pages.Account.Manage.Internal;
using V5 = Microsoft.AspNetCore.Identity.UI.V5.Pages.Account.Manage.Internal;
using Microsoft.AspNetCore.Mvc.Filters;
using NotifyOrleans.Infrastructure.Identity;

namespace NotifyOrleans.Web.Identity;

/// <summary>
/// The stock two-factor pages throw (a 500) when opened out of order: the second login step
/// without a first, recovery codes or "disable" for an account without two-factor. Such a visit
/// is sent where it makes sense instead. A person's own change on the account pages that changes
/// the security stamp (setting up or turning off an authenticator) refreshes their sign-in with it:
/// the stamp check of every request (<see cref="SessionCheck"/>) would otherwise sign them out of
/// the very page they are on, while it still signs out their other sessions.
/// </summary>
public sealed class TwoFactorPagesGuard(SignInManager<AppUser> signIn) : IAsyncPageFilter
{
    private static readonly string[] SecondLoginStep = ["/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];
    private static readonly string[] NeedTwoFactor = ["/Account/Manage/GenerateRecoveryCodes", "/Account/Manage/Disable2fa"];
    private const string ManagePages = "/Account/Manage/";

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
        if (page.StartsWith(ManagePages, StringComparison.Ordinal) && executed.Exception is null) await KeepSignedInAsync(context.HttpContext);
        // The stock page names the library as the issuer: the authenticator app listed "Microsoft.AspNetCore.Identity.UI".
        // (The console renders Identity's Bootstrap 4 pages, V4; V5 too, should that change.)
        if (executed.HandlerInstance is V4.EnableAuthenticatorModel { AuthenticatorUri: { } v4Uri } v4)
            v4.AuthenticatorUri = v4Uri.Replace(StockIssuer, Issuer, StringComparison.Ordinal);
        else if (executed.HandlerInstance is V5.EnableAuthenticatorModel { AuthenticatorUri: { } v5Uri } v5)
            v5.AuthenticatorUri = v5Uri.Replace(StockIssuer, Issuer, StringComparison.Ordinal);
    }

    private const string StockIssuer = "Microsoft.AspNetCore.Identity.UI";

    /// <summary>How the authenticator app lists the account: the product, then the person's address.</summary>
    public const string Issuer = "NotifyOrleans";

    /// <summary>Re-issues the cookie when the handler changed the security stamp the cookie carries.</summary>
    private async Task KeepSignedInAsync(HttpContext http)
    {
        if (await signIn.UserManager.GetUserAsync(http.User) is not { } user) return;
        var cookieStamp = http.User.FindFirst(signIn.Options.ClaimsIdentity.SecurityStampClaimType)?.Value;
        if (cookieStamp != await signIn.UserManager.GetSecurityStampAsync(user)) await signIn.RefreshSignInAsync(user);
    }
}
