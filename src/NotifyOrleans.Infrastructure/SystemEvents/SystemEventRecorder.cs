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
        Stage(type, userId, userEmail, summary, origin);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds the event to the current unit of work; it commits with the caller's next save.</summary>
    public void Stage(SystemEventType type, string? userId, string? userEmail, string summary, EventOrigin origin)
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
            Summary = summary.Length > 1000 ? summary[..1000] : summary,
        });
    }
}
