using System.Security.Cryptography;
using System.Text;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// Deduplication keys as stored: short keys as they are (readable in the database), longer ones
/// as their SHA-256, never cut: two long keys that share a beginning must stay two keys.
/// </summary>
public static class DedupKeys
{
    public static string Fit(string key) =>
        key.Length <= OutboxMessage.DedupKeyMaxLength ? key : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
