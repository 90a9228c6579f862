using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.Identity;

namespace NotifyOrleans.Web.Identity;

/// <summary>
/// The sign-in cookie carries the person's display name, so that every page's top bar names them
/// as colleagues know them without a query; the Profile page signs them in again when it changes.
/// </summary>
public sealed class DisplayNameClaims(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string ClaimType = "notifyorleans:display_name";

    /// <summary>The display name, else the login (a cookie from before the claim, or none set).</summary>
    public static string NameOf(ClaimsPrincipal user) =>
        user.FindFirst(ClaimType)?.Value is { Length: > 0 } name ? name : user.Identity?.Name ?? "";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName)) identity.AddClaim(new Claim(ClaimType, user.DisplayName));
        return identity;
    }
}
