using NotifyOrleans.Domain.SystemEvents;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>
/// A durable record of something that happened to the system (a login, a new user, a restore,
/// a fault). <see cref="SystemEventRouter"/> consumes rows whose <see cref="ProcessedAt"/> is null
/// and writes down who was told and why (<see cref="RouteJson"/>).
/// </summary>
public sealed class SystemEvent
{
    public const int SummaryMaxLength = 1000;
    public const int NameMaxLength = 200;

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

    /// <summary>Restores: the backup job's server and name, for the message's fields.</summary>
    public string? ServerName { get; set; }
    public string? JobName { get; set; }

    /// <summary>The job a restore was of (its page is linked, its rows are found by the Delivery log's job filter); null for other events.</summary>
    public string? JobKey => ServerName is { } server && JobName is { } job && Domain.Grains.BackupJobs.JobKey.Check(server, job) is null
        ? Domain.Grains.BackupJobs.JobKey.Of(server, job).Value
        : null;

    /// <summary>The error text of a failed restore.</summary>
    public string? Details { get; set; }

    /// <summary>
    /// System errors: which fault this is (<c>channel-failed:{id}</c>, <c>database</c>). One fault
    /// makes one notification per throttle window; its repeats are counted into the next one.
    /// </summary>
    public string? FaultKey { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>True when at least one message was enqueued for it.</summary>
    public bool Notified { get; set; }

    /// <summary>The <see cref="Domain.SystemEvents.SystemEventRoute"/> taken, as JSON: who was told through which channel, and who was not and why.</summary>
    public string? RouteJson { get; set; }

    /// <summary>The outbox's dedup key for this occurrence's messages; the event page finds their delivery status by it.</summary>
    public string DedupKey => $"system-event:{Id}";
}
