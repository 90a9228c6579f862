using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// The cluster's first Data Protection key, made once. Left to itself, each node that finds no key
/// makes one on first use, and nodes started together on a new database each make their own; a node
/// reads keys it has not seen again only in its first two minutes, then for a day refuses the others'
/// cookies, antiforgery tokens and Acknowledge links, and cannot open the channel secrets they saved.
/// </summary>
public static class FirstDataProtectionKey
{
    /// <summary>The advisory lock that lets one starting node at a time look for the key and make it.</summary>
    private const long LockId = 0x4E4F_4450; // "NODP"

    /// <summary>Makes the first key unless there is one; on PostgreSQL, one node at a time. Called at start-up, after the migrations.</summary>
    public static async Task EnsureDataProtectionKeyAsync(this IHost host)
    {
        var keys = host.Services.GetRequiredService<IKeyManager>();
        if (HasUsableKey(keys)) return; // every start but the first (or the first after the keys ran out)
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db is SqliteAppDbContext) return; // one node: Data Protection makes its key on first use

        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockId})");
        if (!HasUsableKey(keys))
        {
            var now = DateTimeOffset.UtcNow;
            keys.CreateNewKey(activationDate: now, expirationDate: now + host.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime);
        }

        await transaction.CommitAsync(); // lets the next node in, which finds the key
    }

    /// <summary>A key not revoked nor expired: one every node will take as the default (a cluster down for months has only expired ones).</summary>
    private static bool HasUsableKey(IKeyManager keys) =>
        keys.GetAllKeys().Any(key => !key.IsRevoked && key.ExpirationDate > DateTimeOffset.UtcNow);
}
