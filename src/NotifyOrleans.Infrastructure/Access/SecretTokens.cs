using System.Security.Cryptography;
using System.Text;

namespace NotifyOrleans.Infrastructure.Access;

/// <summary>
/// The credentials the app hands out (ingest keys, API tokens): 24 random bytes behind a prefix
/// that says what they are. Only a SHA-256 hash is stored; with that much randomness a fast hash
/// is enough, and it lets a request be checked with one indexed lookup.
/// </summary>
public static class SecretTokens
{
    public static string Generate(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));

    /// <summary>The first characters, to recognise a credential in lists without revealing it.</summary>
    public static string DisplayPrefix(string token, string prefix) => token[..(prefix.Length + 6)];

    /// <summary>Longer than any token made here: not worth hashing.</summary>
    public static bool IsPlausible(string? token) => !string.IsNullOrWhiteSpace(token) && token.Length <= 200;
}
