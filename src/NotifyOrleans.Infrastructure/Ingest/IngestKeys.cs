using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>Creates, checks and revokes ingest keys.</summary>
public sealed class IngestKeys(AppDbContext db, TimeProvider time, IMemoryCache cache)
{
    public const string KeyPrefix = "nok_";
    public const int NameMaxLength = 100;

    /// <summary>
    /// Why a key cannot be made for this server and job (either may be empty: a key for any), naming
    /// "server" or "job"; null when it can. The names' own rules are <see cref="JobKey.Check"/>'s: a key
    /// for a name no report may carry would refuse every report it is given.
    /// </summary>
    public static (string Field, string Message)? CheckScope(string? serverName, string? jobName) =>
        string.IsNullOrWhiteSpace(jobName)
            ? string.IsNullOrWhiteSpace(serverName) ? null : JobKey.Check(serverName, "any") is { Field: "server" } server ? server : null
            : string.IsNullOrWhiteSpace(serverName) ? ("server", "A key for one job also names its server.") : JobKey.Check(serverName, jobName);

    /// <summary>
    /// The active key of this name (case aside), if there is one. Names are one per active key: a
    /// provisioning script run twice made a second key for every job, each as valid as the first,
    /// and the Servers page listed them two and three times over.
    /// </summary>
    public Task<IngestKey?> ActiveNamedAsync(string name, CancellationToken cancellationToken = default)
    {
        var lower = name.Trim().ToLowerInvariant();
        return db.IngestKeys.AsNoTracking().FirstOrDefaultAsync(k => k.RevokedAt == null && k.Name.ToLower() == lower, cancellationToken);
    }

    /// <summary>Why a key of a name in use is not made: the secret of the one there cannot be shown again.</summary>
    public static string NameTaken(IngestKey existing) =>
        $"The key '{existing.Name}' exists already ({existing.Prefix}…, created {existing.CreatedAt:yyyy-MM-dd}). A key is shown only when it is made: "
        + "revoke that one to make a new key of this name, or choose another name.";

    /// <returns>The key itself (shown once) and its row.</returns>
    public async Task<(string Key, IngestKey Row)> CreateAsync(string name, string? serverName, string? jobName, string? createdBy, CancellationToken cancellationToken = default)
    {
        var key = SecretTokens.Generate(KeyPrefix);
        var row = new IngestKey
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            ServerName = string.IsNullOrWhiteSpace(serverName) ? null : serverName.Trim(),
            JobName = string.IsNullOrWhiteSpace(jobName) ? null : jobName.Trim(),
            KeyHash = SecretTokens.Hash(key),
            Prefix = SecretTokens.DisplayPrefix(key, KeyPrefix),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        db.IngestKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return (key, row);
    }

    /// <summary>The key's row if it is valid and not revoked; records when it was last used (at most once a minute).</summary>
    /// <remarks>Trusted from memory for <see cref="CredentialCache.TrustedFor"/>: a report then costs no key query.</remarks>
    public async Task<IngestKey?> FindAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (!SecretTokens.IsPlausible(key)) return null;
        var hash = SecretTokens.Hash(key!);
        var row = await CredentialCache.GetOrLoadAsync(cache, CacheKey(hash),
            () => db.IngestKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken));
        if (row is null) return null;
        if (CredentialCache.IsUseWorthRecording(row.LastUsedAt, time.GetUtcNow(), out var now))
        {
            row.LastUsedAt = now; // first, so parallel reports with this key write it once
            await db.IngestKeys.Where(k => k.Id == row.Id).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return row;
    }

    /// <summary>Every key, the revoked ones last.</summary>
    public Task<List<IngestKey>> ListAsync(CancellationToken cancellationToken = default) =>
        db.IngestKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync(cancellationToken);

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var hash = await db.IngestKeys.Where(k => k.Id == id).Select(k => k.KeyHash).SingleOrDefaultAsync(cancellationToken);
        if (hash is null) return false;
        var revoked = await db.IngestKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, time.GetUtcNow()), cancellationToken) == 1;
        cache.Remove(CacheKey(hash)); // after the update: a report checked meanwhile must not cache the key again
        return revoked;
    }

    private static string CacheKey(string hash) => "ingest-key:" + hash;
}
