using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>The certificate this process encrypts the key ring with (none on PostgreSQL without one), or why the configured one cannot be used.</summary>
public sealed record KeyRingInUse(X509Certificate2? Certificate, string? Problem);

/// <summary>
/// Checks made before the key ring is used, each said in one line of the log (the process then
/// exits with 1): a configured certificate that cannot be read, and keys in the database that this
/// node's certificate does not open. Such a node used to join the cluster, fail to read the keys,
/// write an unencrypted key of its own beside them, and claim notifications it could not decrypt.
/// </summary>
public static class KeyRingChecks
{
    private const string Category = "NotifyOrleans.KeyRing";

    /// <summary>Before anything, commands included: without its certificate a command would write an unencrypted key.</summary>
    public static bool KeyRingCertificateLoads(this IHost host) =>
        host.GoesOnUnless(host.Services.GetRequiredService<KeyRingInUse>().Problem, Category);

    /// <summary>By a node, before Data Protection reads the keys (and makes one when it can open none).</summary>
    public static async Task<bool> KeyRingOpensTheStoredKeysAsync(this IHost host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return host.GoesOnUnless(await ProblemAsync(db, host.Services.GetRequiredService<KeyRingInUse>().Certificate), Category);
    }

    /// <summary>Why <paramref name="certificate"/> cannot open the encrypted keys stored (by the certificate each names); null when it can, or none is encrypted.</summary>
    public static async Task<string?> ProblemAsync(AppDbContext db, X509Certificate2? certificate, CancellationToken cancellationToken = default)
    {
        var encryptedFor = (await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync(cancellationToken))
            .Where(xml => xml is not null && xml.Contains("encryptedSecret", StringComparison.Ordinal))
            .SelectMany(xml => XElement.Parse(xml!).Descendants().Where(e => e.Name.LocalName == "X509Certificate").Select(e => string.Concat(e.Value.Where(c => !char.IsWhiteSpace(c)))))
            .ToHashSet();
        if (encryptedFor.Count == 0) return null;
        if (certificate is null)
            return "The Data Protection keys in the database are encrypted with a certificate, and this node has none (DataProtection:CertificatePath): "
                + "it could not open them, and would add an unencrypted key of its own. Give it the certificate the other nodes have.";
        if (encryptedFor.Contains(Convert.ToBase64String(certificate.RawData))) return null;
        var theirs = string.Join(", ", encryptedFor.Select(raw => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(raw)).Thumbprint));
        return $"The Data Protection keys in the database are encrypted with another certificate (thumbprint {theirs}) than this node's ({certificate.Thumbprint}, "
            + "DataProtection:CertificatePath; on SQLite without one, the keyring-certificate.pfx beside the database): give it the certificate they were encrypted with.";
    }
}
