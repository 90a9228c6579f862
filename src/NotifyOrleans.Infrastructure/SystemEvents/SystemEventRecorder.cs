using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>What the console knows about the request that caused an event.</summary>
public sealed record EventOrigin(string? IpAddress, string? UserAgent, string? ActorEmail = null)
{
    public static EventOrigin None { get; } = new(null, null);
}

/// <summary>Writes system events to their durable table, from where <see cref="SystemEventRouter"/> sends them.</summary>
public sealed class SystemEventRecorder(AppDbContext db, TimeProvider time, SystemEventSignal signal)
{
    private const int UserAgentMaxLength = 512;
    private bool _wakesOnCommit;

    public async Task RecordAsync(SystemEvent occurrence, EventOrigin origin, CancellationToken cancellationToken = default)
    {
        Stage(occurrence, origin);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds the event to the current unit of work; it commits with the caller's next save.</summary>
    public void Stage(SystemEvent occurrence, EventOrigin origin)
    {
        occurrence.OccurredAt = time.GetUtcNow();
        occurrence.ActorEmail ??= origin.ActorEmail;
        occurrence.IpAddress ??= origin.IpAddress;
        occurrence.UserAgent ??= origin.UserAgent is { Length: > UserAgentMaxLength } agent ? agent[..UserAgentMaxLength] : origin.UserAgent;
        occurrence.Summary = Fit(occurrence.Summary, SystemEvent.SummaryMaxLength);
        occurrence.Details = occurrence.Details is null ? null : Fit(occurrence.Details, SystemEvent.SummaryMaxLength);
        db.SystemEvents.Add(occurrence);
        if (_wakesOnCommit) return;
        _wakesOnCommit = true;
        db.SavedChanges += (_, _) => signal.Notify();
    }

    private static string Fit(string text, int length) => text.Length > length ? text[..length] : text;
}
