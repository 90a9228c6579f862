using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.Identity;

namespace NotifyOrleans.Web.Identity;

/// <summary>
/// Identity's user manager, but opening the authenticator set-up page no longer signs the person
/// out everywhere else. The page makes a person's first authenticator key by "resetting" it, and a
/// reset changes the security stamp, which ends every other session within a minute
/// (<see cref="SecurityStampValidatorOptions"/>) although no authenticator existed to revoke.
/// </summary>
public sealed class ConsoleUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>A real reset (a key existed) changes the stamp as before; the first key does not.</summary>
    public override async Task<IdentityResult> ResetAuthenticatorKeyAsync(AppUser user)
    {
        if (!string.IsNullOrEmpty(await GetAuthenticatorKeyAsync(user))) return await base.ResetAuthenticatorKeyAsync(user);
        await ((IUserAuthenticatorKeyStore<AppUser>)Store).SetAuthenticatorKeyAsync(user, GenerateNewAuthenticatorKey(), CancellationToken);
        return await UpdateUserAsync(user);
    }
}
