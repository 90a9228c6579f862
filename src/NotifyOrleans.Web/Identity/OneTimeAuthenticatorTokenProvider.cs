using System.Globalization;
using Microsoft.AspNetCore.Identity;
using NotifyOrleans.Infrastructure.Identity;
using OtpNet;

namespace NotifyOrleans.Web.Identity;

/// <summary>
/// An authenticator app's codes (RFC 6238, checked by Otp.NET) taken as Identity's own provider takes
/// them, up to two steps of 30 s either way for a phone's clock, but each code once: one read over a
/// shoulder or from a screen recording does not sign in a second time (Identity's provider took it
/// again as long as it was current). The time step of the last code taken is kept with the user's
/// tokens; a code of that step or an earlier one is refused.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider : AuthenticatorTokenProvider<AppUser>
{
    private const string LoginProvider = "[NotifyOrleans]";
    private const string LastStepName = "AuthenticatorLastStep";
    private static readonly VerificationWindow ClockDrift = new(previous: 2, future: 2);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !token.All(char.IsAsciiDigit)) return false;
        if (!new Totp(Base32Encoding.ToBytes(key)).VerifyTotp(token, out var step, ClockDrift)) return false;
        var last = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepName);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep) return false;
        // Saved with the user's concurrency stamp: of two sign-ins racing with one code, the second's save fails, and so does it.
        return (await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepName, step.ToString(CultureInfo.InvariantCulture))).Succeeded;
    }
}
