using NotifyOrleans.Domain.SystemEvents;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>
/// A durable record of something that happened to the system (a login, a new user, a restore).
/// The system-notification router consumes rows whose <see cref="ProcessedAt"/> is null.
/// </summary>
public sealed class SystemEvent
{
    public long Id { get; set; }
    public SystemEventType Type { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string? UserId { get; set; }
    public string? UserEmail { get; set; }
    /// <summary>Who caused it, when that is not the user it is about (the admin who created a user).</summary>
    public string? ActorEmail { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string Summary { get; set; } = "";
    public DateTimeOffset? ProcessedAt { get; set; }
}
