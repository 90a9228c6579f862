using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Web.SystemEvents;
using Orleans;

namespace NotifyOrleans.Web.Identity;

/// <summary>
/// The sign-in manager the Identity pages use, with three additions: a completed login (password,
/// or password plus second factor) records a User Login event and updates the user's grain;
/// failed passwords always count towards lockout (the stock login page asks for no lockout);
/// disabled users cannot sign in.
/// </summary>
public sealed class AuditingSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    SystemEventRecorder events,
    IGrainFactory grains)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);
        if (result.Succeeded) await RecordLoginAsync(user);
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (result.Succeeded && user is not null) await RecordLoginAsync(user);
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (result.Succeeded && user is not null) await RecordLoginAsync(user);
        return result;
    }

    private async Task RecordLoginAsync(AppUser user)
    {
        await events.RecordAsync(new SystemEvent { Type = SystemEventType.UserLogin, UserId = user.Id, UserEmail = user.Email, Summary = $"{user.Email} logged in" },
            Context.GetEventOrigin(), Context.RequestAborted);
        await grains.GetGrain<IUserGrain>(user.Id).RecordLoginAsync(Context.RequestAborted);
    }
}
