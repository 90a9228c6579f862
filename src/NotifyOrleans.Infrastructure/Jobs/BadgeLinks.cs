using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// The address of a status badge: an image that anyone with the address may load (a wiki, a wall
/// dashboard, a README), with no login, of one job, of a server's jobs or of all jobs. The address
/// is the credential. It holds what it shows (<see cref="BadgeSubject"/>) and an HMAC-SHA256
/// signature of it, so it shows that and cannot be changed into another's.
/// The signing secret is one per installation. It is kept in AppSettings, encrypted with Data
/// Protection, so that every node signs alike and a job's address stays the same across restarts.
/// </summary>
public sealed class BadgeLinks(IDbContextFactory<AppDbContext> dbs, IDataProtectionProvider protection, TimeProvider time)
{
    public const string PathPrefix = "/badge/";

    /// <summary>The AppSettings row of the secret. Configuration backups leave it out: a copy restored elsewhere could not decrypt it.</summary>
    public const string SecretKey = "badges.secret";

    private readonly IDataProtector _protector = protection.CreateProtector("NotifyOrleans.Badges.Secret.v1");
    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _secret;

    /// <summary>A job's badge: <c>/badge/{job key}.{signature}.svg</c> (or <c>.json</c>, for shields.io's endpoint badges).</summary>
    public Task<string> PathAsync(string jobKey, string format, CancellationToken cancellationToken = default) =>
        PathAsync(BadgeSubject.Job(jobKey), format, cancellationToken);

    /// <summary>The badge of a job, a server's jobs or all jobs.</summary>
    public async Task<string> PathAsync(BadgeSubject subject, string format, CancellationToken cancellationToken = default) =>
        $"{PathPrefix}{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(subject.Signed))}.{Sign((await SecretAsync(create: true, cancellationToken))!, subject.Signed)}.{format}";

    /// <summary>What a badge's file name shows, and its format; null when it was not signed here or was altered.</summary>
    public async Task<(BadgeSubject Subject, string Format)?> ReadAsync(string file, CancellationToken cancellationToken = default)
    {
        var parts = file.Split('.');
        if (parts.Length != 3 || parts[2] is not ("svg" or "json") || !Base64Url.IsValid(parts[0])) return null;
        string signed; // what the badge shows, as its address signs it (BadgeSubject.Signed)
        try
        {
            signed = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(parts[0]));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            return null;
        }

        // Before any badge was made there is no secret, and nothing to show: a stranger's request does not make one.
        if (await SecretAsync(create: false, cancellationToken) is not { } secret) return null;
        var signature = Sign(secret, signed);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(parts[1])) ? (BadgeSubject.Read(signed), parts[2]) : null;
    }

    /// <summary>128 bits of the HMAC: as hard to guess as a random token, and a short address.</summary>
    private static string Sign(byte[] secret, string signed) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("badge\n" + signed)).AsSpan(0, 16));

    private async Task<byte[]?> SecretAsync(bool create, CancellationToken cancellationToken)
    {
        if (_secret is { } known) return known;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _secret ??= create ? await LoadOrCreateAsync(cancellationToken) : await LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<byte[]?> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await StoredSecretAsync(db, cancellationToken);
    }

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        if (await StoredSecretAsync(db, cancellationToken) is { } stored) return stored;
        var secret = RandomNumberGenerator.GetBytes(32);
        db.AppSettings.Add(new AppSetting { Key = SecretKey, ValueJson = JsonSerializer.Serialize(_protector.Protect(Convert.ToBase64String(secret))), UpdatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return secret;
        }
        catch (DbUpdateException)
        {
            // Another node made it at the same moment: its secret is the one.
            await using var again = await dbs.CreateDbContextAsync(cancellationToken);
            return await StoredSecretAsync(again, cancellationToken) ?? throw new InvalidOperationException("The badge secret could neither be stored nor read.");
        }
    }

    private async Task<byte[]?> StoredSecretAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.AppSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == SecretKey, cancellationToken);
        return row is null ? null : Convert.FromBase64String(_protector.Unprotect(JsonSerializer.Deserialize<string>(row.ValueJson)!));
    }
}
