using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Access;

/// <summary>Creates, checks and revokes API tokens.</summary>
public sealed class ApiTokens(AppDbContext db, TimeProvider time, IMemoryCache cache)
{
    public const string TokenPrefix = "noa_";
    public const int NameMaxLength = 100;

    /// <summary>The active token of this name (case aside), if there is one: one per name, as ingest keys (<see cref="Ingest.IngestKeys.ActiveNamedAsync"/>).</summary>
    public Task<ApiToken?> ActiveNamedAsync(string name, CancellationToken cancellationToken = default)
    {
        var lower = name.Trim().ToLowerInvariant();
        return db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.RevokedAt == null && t.Name.ToLower() == lower, cancellationToken);
    }

    /// <summary>Why a token of a name in use is not made: the secret of the one there cannot be shown again.</summary>
    public static string NameTaken(ApiToken existing) =>
        $"The token '{existing.Name}' exists already ({existing.Prefix}…, created {existing.CreatedAt:yyyy-MM-dd}). A token is shown only when it is made: "
        + "revoke that one to make a new token of this name, or choose another name.";

    /// <returns>The token itself (shown once) and its row.</returns>
    public async Task<(string Token, ApiToken Row)> CreateAsync(string name, ApiAccess access, string? createdBy, CancellationToken cancellationToken = default)
    {
        var token = SecretTokens.Generate(TokenPrefix);
        var row = new ApiToken
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            Access = access,
            TokenHash = SecretTokens.Hash(token),
            Prefix = SecretTokens.DisplayPrefix(token, TokenPrefix),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return (token, row);
    }

    /// <summary>The token's row if it is valid and not revoked; records when it was last used (at most once a minute).</summary>
    /// <remarks>Trusted for <see cref="CredentialCache.TrustedFor"/> like ingest keys: revoking is seen at once on this node.</remarks>
    public async Task<ApiToken?> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!SecretTokens.IsPlausible(token)) return null;
        var hash = SecretTokens.Hash(token!);
        var row = await CredentialCache.GetOrLoadAsync(cache, CacheKey(hash),
            () => db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, cancellationToken));
        if (row is null) return null;
        if (CredentialCache.IsUseWorthRecording(row.LastUsedAt, time.GetUtcNow(), out var now))
        {
            row.LastUsedAt = now;
            await db.ApiTokens.Where(t => t.Id == row.Id).ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return row;
    }

    public Task<List<ApiToken>> ListAsync(CancellationToken cancellationToken = default) =>
        db.ApiTokens.AsNoTracking().OrderBy(t => t.RevokedAt != null).ThenBy(t => t.Name).ToListAsync(cancellationToken);

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var hash = await db.ApiTokens.Where(t => t.Id == id).Select(t => t.TokenHash).SingleOrDefaultAsync(cancellationToken);
        if (hash is null) return false;
        var revoked = await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, time.GetUtcNow()), cancellationToken) == 1;
        cache.Remove(CacheKey(hash)); // after the update: a request checked meanwhile must not cache the token again
        return revoked;
    }

    private static string CacheKey(string hash) => "api-token:" + hash;
}
