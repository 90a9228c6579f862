namespace NotifyOrleans.Infrastructure.Access;

/// <summary>
/// A token for the management API (<c>Authorization: Bearer noa_…</c>). Like an ingest key, only
/// its hash is stored and it is shown once; unlike one, it configures instead of reporting runs.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public ApiAccess Access { get; set; }
    public string TokenHash { get; set; } = "";
    public string Prefix { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
