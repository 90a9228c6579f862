using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>Creates, checks and revokes ingest keys.</summary>
public sealed class IngestKeys(AppDbContext db, TimeProvider time)
{
    public const string KeyPrefix = "nok_";
    public const int NameMaxLength = 100;

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
        var row = await db.IngestKeys.SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken);
        if (row is null) return null;
        var now = time.GetUtcNow();
        if (row.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1))
        {
            await db.IngestKeys.Where(k => k.Id == row.Id).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return row;
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.IngestKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, time.GetUtcNow()), cancellationToken) == 1;

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
