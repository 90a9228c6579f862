using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// Adds outbox rows to the caller's DbContext: they commit with the caller's own changes (the
/// state change that caused them) or not at all. The same (channel, recipient, dedup key) is
/// enqueued once, ever.
/// </summary>
public sealed class NotificationOutbox(AppDbContext db, TimeProvider time, IOptions<DeliveryOptions> options, OutboxSignal signal)
{
    private bool _wakesOnCommit;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>False when the row already existed (a repeated event).</returns>
    public async Task<bool> EnqueueAsync(NotificationMessage message, Guid channelId, string dedupKey, string? recipient = null,
        string? jobKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupKey);
        dedupKey = StoredKeys.Fit(dedupKey, OutboxMessage.DedupKeyMaxLength);
        recipient ??= "";
        var exists = db.Outbox.Local.Any(r => r.ChannelId == channelId && r.Recipient == recipient && r.DedupKey == dedupKey)
            || await db.Outbox.AnyAsync(r => r.ChannelId == channelId && r.Recipient == recipient && r.DedupKey == dedupKey, cancellationToken);
        if (exists) return false;

        var now = time.GetUtcNow();
        db.Outbox.Add(new OutboxMessage
        {
            ChannelId = channelId,
            Recipient = recipient,
            DedupKey = dedupKey,
            EventType = message.EventType,
            Priority = message.Kind.DeliveryPriority(),
            MessageJson = JsonSerializer.Serialize(message, Json),
            Title = message.Title.Length > 300 ? message.Title[..300] : message.Title,
            JobKey = jobKey,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
            GiveUpAt = now + options.Value.GiveUpAfter,
        });
        WakeDispatcherOnCommit();
        return true;
    }

    /// <summary>The dispatcher is woken once the rows are committed: woken earlier, it would find nothing and sleep.</summary>
    private void WakeDispatcherOnCommit()
    {
        if (_wakesOnCommit) return;
        _wakesOnCommit = true;
        db.SavedChanges += (_, _) => signal.Notify();
    }

    public static NotificationMessage Read(OutboxMessage row) =>
        JsonSerializer.Deserialize<NotificationMessage>(row.MessageJson, Json)!;
}
