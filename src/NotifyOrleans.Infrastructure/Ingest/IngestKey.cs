namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>
/// A key that lets a backup tool report runs. Only its SHA-256 hash is stored (the key is 32
/// random bytes, so a fast hash is enough); the console shows it once, when it is created.
/// Scoped to a server, the key also names that server; scoped to a job, it also names the job
/// (which is what a Healthchecks-style ping needs).
/// </summary>
public sealed class IngestKey
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string? ServerName { get; set; }
    public string? JobName { get; set; }
    public string KeyHash { get; set; } = "";
    /// <summary>The first characters, to recognise a key in lists without revealing it.</summary>
    public string Prefix { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
