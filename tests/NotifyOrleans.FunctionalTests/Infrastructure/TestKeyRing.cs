using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>
/// One key-ring certificate for every test host: each would otherwise make its own beside its
/// SQLite file, and an RSA key costs about 0.2 s of CPU, several hundred times a run. Making one is
/// tested where it matters (KeyRingEncryptionTests, and ./run.sh in RunShTests).
/// </summary>
public static class TestKeyRing
{
    private static readonly Lazy<string> Made = new(() =>
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("notifyorleans-test-keyring-").FullName, KeyRingCertificate.FileName);
        KeyRingCertificate.Create(path);
        return path;
    });

    public const string Setting = KeyRingCertificate.Section + ":CertificatePath";

    public static string CertificatePath => Made.Value;
}
