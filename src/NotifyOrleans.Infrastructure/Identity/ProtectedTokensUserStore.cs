using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Identity;

/// <summary>
/// Identity's EF Core store, with the tokens it keeps for a user (the authenticator app's key, the
/// recovery codes) encrypted with Data Protection as channel secrets are. Identity stores them as
/// they are, and whoever reads the database could then make a user's sign-in codes.
/// </summary>
public sealed class ProtectedTokensUserStore(AppDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, AppDbContext>(context, describer)
{
    /// <summary>Marks a value this store encrypted; one without it was stored before (see <see cref="StoredTokenProtection"/>).</summary>
    internal const string Protected = "dp1:";

    private readonly IDataProtector _protector = Protector(protection);

    public override Task SetTokenAsync(AppUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, value is null ? null : Protected + _protector.Protect(value), cancellationToken);

    public override async Task<string?> GetTokenAsync(AppUser user, string loginProvider, string name, CancellationToken cancellationToken) =>
        await base.GetTokenAsync(user, loginProvider, name, cancellationToken) is { } stored && stored.StartsWith(Protected, StringComparison.Ordinal)
            ? _protector.Unprotect(stored[Protected.Length..])
            : null; // none, or one an earlier version stored as it was: ProtectStoredTokensAsync encrypted it at start-up

    internal static IDataProtector Protector(IDataProtectionProvider protection) => protection.CreateProtector("NotifyOrleans.Identity.Tokens.v1");
}

public static class StoredTokenProtection
{
    /// <summary>
    /// Encrypts the user tokens an earlier version stored as they were. Called at start-up, once the
    /// key ring is ready; nodes starting together may each encrypt a value, once each, from the same
    /// plain value, and either result reads back.
    /// </summary>
    public static Task ProtectStoredTokensAsync(this IHost host) => ProtectAsync(host.Services);

    internal static async Task ProtectAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var protector = ProtectedTokensUserStore.Protector(scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>());
        var plain = await db.UserTokens.Where(t => t.Value != null && !t.Value.StartsWith(ProtectedTokensUserStore.Protected)).ToListAsync();
        foreach (var token in plain) token.Value = ProtectedTokensUserStore.Protected + protector.Protect(token.Value!);
        if (plain.Count > 0) await db.SaveChangesAsync();
    }
}
