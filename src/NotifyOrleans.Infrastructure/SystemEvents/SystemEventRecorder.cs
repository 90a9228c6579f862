using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>What the console knows about the request that caused an event.</summary>
public sealed record EventOrigin(string? IpAddress, string? UserAgent, string? ActorEmail = null);

/// <summary>Writes system events to their durable table, from where they are routed to channels.</summary>
public sealed class SystemEventRecorder(AppDbContext db, TimeProvider time)
{
    private const int UserAgentMaxLength = 512;

    public async Task RecordAsync(SystemEventType type, string? userId, string? userEmail, string summary,
        EventOrigin origin, CancellationToken cancellationToken = default)
    {
        db.SystemEvents.Add(new SystemEvent
        {
            Type = type,
            OccurredAt = time.GetUtcNow(),
            UserId = userId,
            UserEmail = userEmail,
            ActorEmail = origin.ActorEmail,
            IpAddress = origin.IpAddress,
            UserAgent = origin.UserAgent is { Length: > UserAgentMaxLength } agent ? agent[..UserAgentMaxLength] : origin.UserAgent,
            Summary = summary,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
