using System.Security.Cryptography;
using System.Text;

namespace NotifyOrleans.Infrastructure.ConfigurationBackups;

/// <summary>
/// Seals the secrets of a configuration export with a passphrase: AES-256-GCM under a key derived
/// with PBKDF2-SHA256 (600,000 iterations, a fresh salt per export). Each value is
/// base64(nonce ‖ ciphertext ‖ tag).
/// </summary>
public sealed class SecretBox
{
    public const string Algorithm = "AES-256-GCM/PBKDF2-SHA256";
    private const int Iterations = 600_000;
    private const string CheckText = "notifyorleans-configuration";
    private readonly byte[] _key;

    private SecretBox(byte[] key) => _key = key;

    /// <summary>A new box for an export, and how to describe it in the file.</summary>
    public static (SecretBox Box, SealedSecrets Description) Create(string passphrase)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var box = new SecretBox(Derive(passphrase, salt, Iterations));
        return (box, new SealedSecrets(Algorithm, Convert.ToBase64String(salt), Iterations, box.Seal(CheckText)));
    }

    /// <summary>The box an export was sealed with, or null when the passphrase is not the one it was made with.</summary>
    public static SecretBox? Open(string passphrase, SealedSecrets description)
    {
        if (description.Algorithm != Algorithm || description.Iterations is < 100_000 or > 10_000_000) return null;
        var box = new SecretBox(Derive(passphrase, Convert.FromBase64String(description.Salt), description.Iterations));
        return box.TryUnseal(description.Check) == CheckText ? box : null;
    }

    public string Seal(string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[nonce.Length + plain.Length + AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(_key, AesGcm.TagByteSizes.MaxSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(nonce.Length, plain.Length), sealedBytes.AsSpan(nonce.Length + plain.Length));
        nonce.CopyTo(sealedBytes, 0);
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The plaintext, or null when the value was altered or sealed with another key.</summary>
    public string? TryUnseal(string value)
    {
        try
        {
            var bytes = Convert.FromBase64String(value);
            var nonceSize = AesGcm.NonceByteSizes.MaxSize;
            var tagSize = AesGcm.TagByteSizes.MaxSize;
            var plain = new byte[bytes.Length - nonceSize - tagSize];
            using var aes = new AesGcm(_key, tagSize);
            aes.Decrypt(bytes.AsSpan(0, nonceSize), bytes.AsSpan(nonceSize, plain.Length), bytes.AsSpan(bytes.Length - tagSize), plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[] Derive(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);
}
