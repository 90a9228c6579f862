using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// Adds outbox rows to the caller's DbContext: they commit with the caller's own changes (the
/// state change that caused them) or not at all. The same (channel, recipient, dedup key) is
/// enqueued once, ever: the unique index refuses a repeat.
/// </summary>
/// <param name="looksUpStoredRows">
/// True: a row already stored is skipped quietly, found by a query per row. False: there is no
/// query and a stored repeat makes the commit fail, for a caller that then runs again with true
/// (a grain's change, whose first attempt is almost never a repeat). The query was a fifth of the
/// cost of a notifying report (docs/benchmarks.md).
/// </param>
public sealed class NotificationOutbox(AppDbContext db, TimeProvider time, IOptions<DeliveryOptions> options, OutboxSignal signal, bool looksUpStoredRows = true)
{
    /// <summary>The channels this context staged rows for, named to the dispatcher once they are committed.</summary>
    private HashSet<Guid>? _channelsToWake;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="heldFor">The user whose quiet hours hold the row until <paramref name="heldUntil"/>, for their digest.</param>
    /// <returns>False when the row already existed (a repeated event).</returns>
    public async Task<bool> EnqueueAsync(NotificationMessage message, Guid channelId, string dedupKey, string? recipient = null,
        string? jobKey = null, DateTimeOffset? heldUntil = null, string? heldFor = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupKey);
        dedupKey = StoredKeys.Fit(dedupKey, OutboxMessage.DedupKeyMaxLength);
        recipient ??= "";
        var exists = db.Outbox.Local.Any(r => r.ChannelId == channelId && r.Recipient == recipient && r.DedupKey == dedupKey)
            || (looksUpStoredRows && await db.Outbox.AnyAsync(r => r.ChannelId == channelId && r.Recipient == recipient && r.DedupKey == dedupKey, cancellationToken));
        if (exists) return false;

        var now = time.GetUtcNow();
        var held = heldUntil is not null && heldFor is not null;
        var due = held ? heldUntil!.Value : now;
        var row = NewRow(message, channelId, recipient, dedupKey, now);
        row.JobKey = jobKey;
        row.Status = held ? OutboxStatus.Held : OutboxStatus.Pending;
        row.HeldFor = held ? heldFor : null;
        row.NextAttemptAt = due;
        row.GiveUpAt = due + options.Value.GiveUpAfter;
        db.Outbox.Add(row);
        if (!held) WakeDispatcherOnCommit(channelId); // a held row is the digest's business (DigestSender)
        return true;
    }

    /// <summary>
    /// Logs a message that was sent now, outside the outbox (a Test button's), as sent or failed: the
    /// delivery log then holds every message the hub sent, and a failed test's error stays readable
    /// there after the page that showed it is gone. It is never sent again by itself (Retry now can).
    /// </summary>
    public void RecordSentNow(NotificationMessage message, Guid channelId, string? recipient, DeliveryResult result)
    {
        var now = time.GetUtcNow();
        var sent = result is DeliveryResult.Sent;
        var row = NewRow(message, channelId, recipient ?? "", $"sent-now:{Guid.NewGuid():N}", now); // each press is its own message, never a repeat
        row.Status = sent ? OutboxStatus.Sent : OutboxStatus.Dead;
        row.Attempts = 1;
        row.NextAttemptAt = row.GiveUpAt = now;
        row.LastAttemptAt = now;
        row.SentAt = sent ? now : null;
        row.SentTogether = sent ? 1 : null;
        row.LastError = result.ErrorText;
        db.Outbox.Add(row);
    }

    /// <summary>What every outbox row says of its message: where it goes, its key, and the message as stored.</summary>
    private static OutboxMessage NewRow(NotificationMessage message, Guid channelId, string recipient, string dedupKey, DateTimeOffset now) => new()
    {
        ChannelId = channelId,
        Recipient = recipient,
        DedupKey = dedupKey,
        EventType = message.EventType,
        Priority = message.Kind.DeliveryPriority(),
        MessageJson = JsonSerializer.Serialize(message, Json),
        Title = StoredText.Fit(message.Title, 300)!,
        CreatedAt = now,
    };

    /// <summary>The dispatcher is woken once the rows are committed: woken earlier, it would find nothing and sleep.</summary>
    private void WakeDispatcherOnCommit(Guid channelId)
    {
        if (_channelsToWake is null)
        {
            _channelsToWake = [];
            db.SavedChanges += (_, _) =>
            {
                signal.Notify(_channelsToWake);
                _channelsToWake.Clear();
            };
        }

        _channelsToWake.Add(channelId);
    }

    public static NotificationMessage Read(OutboxMessage row) =>
        JsonSerializer.Deserialize<NotificationMessage>(row.MessageJson, Json)!;
}
