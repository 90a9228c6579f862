using Microsoft.Extensions.Caching.Memory;

namespace NotifyOrleans.Infrastructure.Access;

/// <summary>How ingest keys and API tokens are remembered between requests.</summary>
public static class CredentialCache
{
    /// <summary>
    /// How long a node goes on trusting a credential it has checked without asking the database
    /// again (a report then costs no key query). A credential revoked on one node is refused there
    /// at once, and on the cluster's other nodes within this time.
    /// </summary>
    public static readonly TimeSpan TrustedFor = TimeSpan.FromSeconds(10);

    /// <summary>Unknown credentials are not remembered: guessing must not fill memory.</summary>
    public static async Task<T?> GetOrLoadAsync<T>(IMemoryCache cache, string key, Func<Task<T?>> load) where T : class
    {
        if (cache.TryGetValue(key, out T? row)) return row;
        row = await load();
        if (row is not null) cache.Set(key, row, TrustedFor);
        return row;
    }

    /// <summary>Last-used times are written at most once a minute per credential, not once per request.</summary>
    public static bool IsUseWorthRecording(DateTimeOffset? lastUsedAt, DateTimeOffset now, out DateTimeOffset recordedAt)
    {
        recordedAt = now;
        return lastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1);
    }
}
