using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// The certificate Data Protection encrypts its key ring with before the keys go into the database.
/// Without it, a copy of the database alone would hold both the channels' sealed secrets and the
/// keys that open them. <c>DataProtection:CertificatePath</c> (and <c>:CertificatePassword</c>)
/// names a PKCS#12 file, which every node of a cluster needs. On SQLite without one, a self-signed
/// certificate is made once beside the database file, readable by its owner only. On PostgreSQL
/// without one the keys stay as they are (<see cref="UnencryptedKeyRingWarning"/>): nodes that each made
/// a certificate of their own could not read one another's keys.
/// </summary>
public static class KeyRingCertificate
{
    public const string Section = "DataProtection";
    public const string FileName = "keyring-certificate.pfx";

    /// <summary>
    /// The certificate, or why the one configured cannot be used: a node given a path to a file that
    /// is not there (docker-compose.yml before the README's openssl lines) or a wrong password
    /// stopped with an unhandled exception and its stack trace, and restarted in a loop.
    /// </summary>
    public static (X509Certificate2? Certificate, string? Problem) Load(IConfiguration configuration, DatabaseOptions database)
    {
        try
        {
            return (Find(configuration, database), null);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            var path = configuration[$"{Section}:CertificatePath"];
            var why = exception switch
            {
                FileNotFoundException or DirectoryNotFoundException => "there is no such file",
                UnauthorizedAccessException => "this user may not read it",
                _ when exception.InnerException is FileNotFoundException or DirectoryNotFoundException => "there is no such file",
                _ => $"it is not a PKCS#12 file that its password ({Section}:CertificatePassword) opens",
            };
            return (null, $"The key-ring certificate {path} ({Section}:CertificatePath) cannot be used: {why}.");
        }
    }

    public static X509Certificate2? Find(IConfiguration configuration, DatabaseOptions database)
    {
        var path = configuration[$"{Section}:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(path))
            return X509CertificateLoader.LoadPkcs12FromFile(path, configuration[$"{Section}:CertificatePassword"]);
        if (Path.GetDirectoryName(database.SqliteFile) is not { } folder) return null;
        var made = Path.Combine(folder, FileName);
        if (!File.Exists(made)) Create(made);
        return X509CertificateLoader.LoadPkcs12FromFile(made, password: null);
    }

    /// <summary>
    /// Writes a new self-signed certificate with its private key to <paramref name="path"/>, unless
    /// one is there: two processes starting on one database at once keep the first one's.
    /// </summary>
    public static void Create(string path, string? password = null)
    {
        using var key = RSA.Create(2048); // the key ring's encryption (XML Encryption) wraps its key with RSA
        var request = new CertificateRequest("CN=NotifyOrleans key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        var written = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // a private key: its owner only
        using (var file = new FileStream(written, options))
        {
            file.Write(certificate.Export(X509ContentType.Pkcs12, password));
        }

        try
        {
            File.Move(written, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(written);
        }
    }
}
