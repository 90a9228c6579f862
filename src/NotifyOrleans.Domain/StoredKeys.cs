using System.Security.Cryptography;
using System.Text;

namespace NotifyOrleans.Domain;

/// <summary>
/// Identifiers as stored in a column of limited width (run ids, deduplication keys): short plain
/// ones as they are (readable in the database); longer ones, or ones with control characters, as
/// their SHA-256, never cut: two long keys that share a beginning must stay two keys.
/// </summary>
public static class StoredKeys
{
    public static string Fit(string key, int maxLength) => key.Length <= maxLength && !key.Any(char.IsControl)
        ? key
        : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
