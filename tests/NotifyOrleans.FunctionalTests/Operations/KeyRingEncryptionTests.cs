using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>
/// Data Protection's keys (which open the channels' secrets, cookies and Acknowledge links) are
/// encrypted in the database with a certificate kept outside it, and open again after a restart.
/// </summary>
public sealed class KeyRingEncryptionTests : IDisposable
{
    private const string Secret = "smtp-password-42";
    private readonly List<IDisposable> _disposables = [];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the file's mode
    public async Task On_sqlite_a_certificate_is_made_beside_the_database_for_its_owner_only_and_the_keys_are_encrypted_with_it()
    {
        var database = Keep(new TestDatabase(DatabaseProvider.Sqlite));

        var made = new Dictionary<string, string> { [TestKeyRing.Setting] = "" }; // as users run it: none given
        var first = Keep(new AppFactory(DatabaseProvider.Sqlite, sharedDatabase: database) { Settings = made });
        var sealedText = Protect(first);
        var keys = await KeyXmlAsync(first);
        var certificate = Path.Combine(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource)!, KeyRingCertificate.FileName);

        Assert.NotEmpty(keys);
        Assert.All(keys, AssertEncrypted);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(certificate));
        await first.DisposeAsync(); // one node per SQLite database: stopped, then started again
        Assert.Equal(Secret, Unprotect(Keep(new AppFactory(DatabaseProvider.Sqlite, sharedDatabase: database) { Settings = made }), sealedText)); // a restart reads the keys
    }

    [Fact]
    public async Task On_postgresql_every_node_given_the_same_certificate_encrypts_and_opens_the_keys()
    {
        var database = Keep(new TestDatabase(DatabaseProvider.Postgres));
        var folder = Directory.CreateTempSubdirectory("notifyorleans-keyring-").FullName;
        var path = Path.Combine(folder, "keyring.pfx");
        KeyRingCertificate.Create(path, password: "pfx-password");
        var settings = new Dictionary<string, string> { ["DataProtection:CertificatePath"] = path, ["DataProtection:CertificatePassword"] = "pfx-password" };

        var first = Keep(new AppFactory(DatabaseProvider.Postgres, sharedDatabase: database) { Settings = settings });
        var sealedText = Protect(first);
        var keys = await KeyXmlAsync(first);
        var opened = Unprotect(Keep(new AppFactory(DatabaseProvider.Postgres, sharedDatabase: database) { Settings = settings }), sealedText);
        Directory.Delete(folder, recursive: true);

        Assert.NotEmpty(keys);
        Assert.All(keys, AssertEncrypted);
        Assert.Equal(Secret, opened);
    }

    [Fact]
    public async Task On_postgresql_without_a_certificate_every_start_warns_that_the_keys_are_unencrypted()
    {
        var database = Keep(new TestDatabase(DatabaseProvider.Postgres));
        var none = new Dictionary<string, string> { [TestKeyRing.Setting] = "" };
        var first = Keep(new AppFactory(DatabaseProvider.Postgres, sharedDatabase: database) { Settings = none });
        Protect(first); // the first key is written, unencrypted
        var keys = await KeyXmlAsync(first);
        var restarted = Keep(new AppFactory(DatabaseProvider.Postgres, sharedDatabase: database) { Settings = none });
        _ = restarted.Services; // started: its key exists already, so Data Protection itself says nothing

        Assert.Contains("<value>", Assert.Single(keys));
        foreach (var node in new[] { first, restarted })
            Assert.Contains(node.Problems.Lines, line => line.Contains("stored unencrypted in the database", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_postgresql_nodes_started_together_on_a_new_database_all_start_and_share_one_key()
    {
        var database = Keep(new TestDatabase(DatabaseProvider.Postgres));
        var nodes = Enumerable.Range(0, 3).Select(_ => Keep(new AppFactory(DatabaseProvider.Postgres, sharedDatabase: database))).ToList();

        await Task.WhenAll(nodes.Select(node => Task.Run(() => node.Services))); // started at once
        var sealedTexts = await Task.WhenAll(nodes.Select(node => Task.Run(() => Protect(node)))); // each one's first use at once
        var keys = await KeyXmlAsync(nodes[0]);
        using var scope = nodes[0].Services.CreateScope();
        var roles = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Roles.Select(r => r.Name).OrderBy(n => n).ToListAsync();

        Assert.Single(keys);
        Assert.Equal(Roles.All.Order(), roles); // each made once, no node stopped by another's insert
        Assert.All(nodes, node => Assert.All(sealedTexts, sealedText => Assert.Equal(Secret, Unprotect(node, sealedText))));
    }

    [Fact]
    public async Task A_node_whose_certificate_does_not_open_the_stored_keys_is_told_so_before_it_would_add_its_own()
    {
        var database = Keep(new TestDatabase(DatabaseProvider.Postgres));
        var folder = Directory.CreateTempSubdirectory("notifyorleans-keyring-").FullName;
        var (theirs, other) = (Path.Combine(folder, "theirs.pfx"), Path.Combine(folder, "other.pfx"));
        KeyRingCertificate.Create(theirs);
        KeyRingCertificate.Create(other);
        var first = Keep(new AppFactory(DatabaseProvider.Postgres, sharedDatabase: database) { Settings = new Dictionary<string, string> { [TestKeyRing.Setting] = theirs } });
        Protect(first); // the cluster's key, encrypted with their certificate

        using var scope = first.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        using var same = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(theirs, null);
        using var another = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(other, null);
        var withNone = await KeyRingChecks.ProblemAsync(db, certificate: null);
        var withAnother = await KeyRingChecks.ProblemAsync(db, another);
        var withTheirs = await KeyRingChecks.ProblemAsync(db, same);
        Directory.Delete(folder, recursive: true);

        Assert.StartsWith("The Data Protection keys in the database are encrypted with a certificate, and this node has none (DataProtection:CertificatePath)", withNone);
        Assert.Contains($"encrypted with another certificate (thumbprint {same.Thumbprint}) than this node's ({another.Thumbprint}", withAnother);
        Assert.Null(withTheirs);
        Assert.Single(await KeyXmlAsync(first)); // nothing was added
    }

    private static void AssertEncrypted(string xml)
    {
        Assert.Contains("<encryptedSecret", xml);
        Assert.DoesNotContain("<value>", xml); // an unencrypted key's material
    }

    private static string Protect(AppFactory node) => Protector(node).Protect(Secret);

    private static string Unprotect(AppFactory node, string sealedText) => Protector(node).Unprotect(sealedText);

    private static IDataProtector Protector(AppFactory node) => node.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-ring-test");

    private static async Task<List<string>> KeyXmlAsync(AppFactory node)
    {
        using var scope = node.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
    }

    private T Keep<T>(T disposable) where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        // Nodes before the database they stand on.
        foreach (var disposable in Enumerable.Reverse(_disposables)) disposable.Dispose();
    }
}
