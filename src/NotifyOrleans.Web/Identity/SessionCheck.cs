using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.Identity;

/// <summary>
/// Every console request asks the database whether the account behind its cookie still stands as
/// the cookie says: not deleted, not disabled, its security stamp unchanged (a new password, a
/// changed role, "sign out everywhere"). Identity's own check runs once a minute, and in that
/// minute a deleted admin made a new admin and a read-write API token. One query by primary key;
/// Identity's check still refreshes the cookie's claims (display name, roles) as before.
/// </summary>
public static class SessionCheck
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var claims = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirst(claims.UserIdClaimType)?.Value;
        var stamp = context.Principal?.FindFirst(claims.SecurityStampClaimType)?.Value;
        var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
        var account = userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.IsDisabled }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (account is null || account.IsDisabled || account.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
