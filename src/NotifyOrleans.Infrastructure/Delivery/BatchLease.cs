using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// The lease on one claimed batch of a channel's rows (<see cref="OutboxClaimer"/>). A batch can
/// outlast its lease: a hundred sends to a webhook that takes seconds to answer, an SMTP server that
/// slows every command down. Once the lease ran out, another node's dispatcher claimed the rows this
/// one was still sending, and sent each again. So before starting more sends the worker keeps the
/// lease: once half of it is gone, it is renewed for the rows not yet done, and only for those still
/// leased until the end this node holds (a lease end is its token). If another node has taken some
/// (this one paused longer than the lease), the batch stops sending and lets go of the rest.
/// </summary>
public sealed class BatchLease(List<OutboxMessage> rows, TimeSpan length)
{
    /// <summary>Until when this node holds the rows, as stored: the claim wrote it.</summary>
    private DateTimeOffset _end = rows.Count > 0 ? rows[0].ClaimedUntil ?? DateTimeOffset.MinValue : DateTimeOffset.MinValue;

    /// <summary>True once another node has taken rows of the batch: send nothing more of it.</summary>
    public bool Lost { get; private set; }

    /// <summary>Renews the lease if half of it is gone; returns false if it was lost.</summary>
    public async Task<bool> KeepAsync(AppDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Lost) return false;
        if (_end - now > length / 2) return true;

        // Rows done (sent, dead, put off) no longer carry the lease, saved or not.
        var held = rows.Where(r => r.ClaimedUntil == _end).ToList();
        if (held.Count == 0) return true;
        // Whole milliseconds, which both databases store exactly: the next renewal compares with it.
        var (ids, end, renewed) = (held.Select(r => r.Id).ToList(), _end, DateTimeOffset.FromUnixTimeMilliseconds((now + length).ToUnixTimeMilliseconds()));
        var kept = await db.Outbox.Where(r => ids.Contains(r.Id) && r.ClaimedUntil == end)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ClaimedUntil, renewed), cancellationToken);
        if (kept < held.Count)
        {
            Lost = true;
            await db.Outbox.Where(r => ids.Contains(r.Id) && r.ClaimedUntil == renewed)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
            return false;
        }

        _end = renewed;
        foreach (var row in held)
        {
            // As stored, and not a change of the row's for the next save to write again.
            var claimedUntil = db.Entry(row).Property(r => r.ClaimedUntil);
            claimedUntil.CurrentValue = renewed;
            claimedUntil.OriginalValue = renewed;
        }

        return true;
    }
}
