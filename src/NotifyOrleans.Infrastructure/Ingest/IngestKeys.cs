using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>Creates, checks and revokes ingest keys.</summary>
public sealed class IngestKeys(AppDbContext db, TimeProvider time, IMemoryCache cache)
{
    public const string KeyPrefix = "nok_";
    public const int NameMaxLength = 100;

    /// <summary>
    /// How long a node goes on trusting a key it has checked without asking the database again (a
    /// report then costs no key query). A key revoked on one node is refused there at once, and on
    /// the cluster's other nodes within this time.
    /// </summary>
    public static readonly TimeSpan TrustedFor = TimeSpan.FromSeconds(10);

    /// <returns>The key itself (shown once) and its row.</returns>
    public async Task<(string Key, IngestKey Row)> CreateAsync(string name, string? serverName, string? jobName, string? createdBy, CancellationToken cancellationToken = default)
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(24));
        var row = new IngestKey
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            ServerName = string.IsNullOrWhiteSpace(serverName) ? null : serverName.Trim(),
            JobName = string.IsNullOrWhiteSpace(jobName) ? null : jobName.Trim(),
            KeyHash = Hash(key),
            Prefix = key[..(KeyPrefix.Length + 6)],
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        db.IngestKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return (key, row);
    }

    /// <summary>The key's row if it is valid and not revoked; records when it was last used (at most once a minute).</summary>
    public async Task<IngestKey?> FindAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200) return null;
        var hash = Hash(key.Trim());
        if (!cache.TryGetValue(CacheKey(hash), out IngestKey? row))
        {
            row = await db.IngestKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken);
            if (row is null) return null; // unknown keys are not remembered: guessing must not fill memory
            cache.Set(CacheKey(hash), row, TrustedFor);
        }

        var now = time.GetUtcNow();
        if (row!.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1))
        {
            row.LastUsedAt = now; // first, so parallel reports with this key write it once
            await db.IngestKeys.Where(k => k.Id == row.Id).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return row;
    }

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

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
