using NotifyOrleans.Domain;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>What the console knows about the request that caused an event.</summary>
/// <param name="Source">How it was done when no one signed in did it, in words for the event: "on the command line".</param>
public sealed record EventOrigin(string? IpAddress, string? UserAgent, string? ActorEmail = null, string? Source = null)
{
    public static EventOrigin None { get; } = new(null, null);

    /// <summary>
    /// <c>./run.sh users create</c>: whoever has a shell on the server. Said in the event, because an
    /// admin account that appears without a name beside it is what the User Created event is for.
    /// </summary>
    public static EventOrigin CommandLine { get; } = new(null, null, Source: "on the command line");
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
        occurrence.UserAgent = StoredText.Fit(occurrence.UserAgent ?? origin.UserAgent, UserAgentMaxLength);
        occurrence.Summary = StoredText.Fit(occurrence.Summary, SystemEvent.SummaryMaxLength)!;
        occurrence.Details = StoredText.Fit(occurrence.Details, SystemEvent.SummaryMaxLength);
        occurrence.ServerName = StoredText.Fit(occurrence.ServerName, SystemEvent.NameMaxLength);
        occurrence.JobName = StoredText.Fit(occurrence.JobName, SystemEvent.NameMaxLength);
        db.SystemEvents.Add(occurrence);
        if (_wakesOnCommit) return;
        _wakesOnCommit = true;
        db.SavedChanges += (_, _) => signal.Notify();
    }
}
