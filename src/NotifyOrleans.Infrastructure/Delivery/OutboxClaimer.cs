using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// Claims due outbox rows by setting their lease in one statement: the channels that have due
/// rows, and then one channel's rows at a time, so each channel is worked on its own. On
/// PostgreSQL the candidates are locked with <c>FOR UPDATE SKIP LOCKED</c>, so dispatchers on
/// several nodes take disjoint batches without waiting on each other. SQLite has a single writer
/// at a time, so the same statement without the locking clause is already exclusive.
/// </summary>
public sealed class OutboxClaimer(AppDbContext db)
{
    /// <summary>PostgreSQL's claim, with the same parameters as <see cref="SqliteClaim"/>.</summary>
    private const string PostgresClaim = """
        UPDATE "OutboxMessages" SET "ClaimedUntil" = {0} WHERE "Id" IN (
            SELECT "Id" FROM "OutboxMessages" WHERE "ChannelId" = {3}
                AND "Status" = 'Pending' AND "NextAttemptAt" <= {1} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {1})
            ORDER BY "Priority", "NextAttemptAt", "Id" LIMIT {2} FOR UPDATE SKIP LOCKED)
        RETURNING "Id" AS "Value"
        """;

    /// <summary>
    /// SQLite's claim (its lease end {0}, time {1}, limit {2}, channel {3}). The unary + on
    /// "NextAttemptAt" is SQLite's documented way to keep a term from choosing the index: given the
    /// range on it, the planner took the (Status, NextAttemptAt, …) index and sorted every due row of
    /// every channel, where the (ChannelId, Status, Priority, NextAttemptAt) index reads the batch in
    /// its order and stops at the limit (tests check the plan).
    /// </summary>
    internal const string SqliteClaim = """
        UPDATE "OutboxMessages" SET "ClaimedUntil" = {0} WHERE "Id" IN (
            SELECT "Id" FROM "OutboxMessages" WHERE "ChannelId" = {3}
                AND "Status" = 'Pending' AND +"NextAttemptAt" <= {1} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {1})
            ORDER BY "Priority", "NextAttemptAt", "Id" LIMIT {2})
        RETURNING "Id" AS "Value"
        """;

    /// <summary>Rows due now: pending, their time come, and not leased (or their lease over).</summary>
    public IQueryable<OutboxMessage> DueRows(DateTimeOffset now) =>
        db.Outbox.Where(r => r.Status == OutboxStatus.Pending && r.NextAttemptAt <= now && (r.ClaimedUntil == null || r.ClaimedUntil < now));

    /// <summary>
    /// The channels with rows due now that take them (<see cref="ChannelWaits.TakesRows"/>), and with
    /// <paramref name="waitingToo"/> the channels that wait as well, for their rows running out of time.
    /// </summary>
    public Task<List<Guid>> DueChannelsAsync(DateTimeOffset now, bool waitingToo, CancellationToken cancellationToken) =>
        DueChannels(now, waitingToo).ToListAsync(cancellationToken);

    /// <summary>
    /// A look per channel into its due range of the queue's index, read from the index alone (tests
    /// check the plan). One scan of all due rows for their distinct channels had PostgreSQL read every
    /// dead entry the sent rows had left there since the last vacuum, up to a second a look under load
    /// (docs/benchmarks.md). A channel that waits is passed by: its rows stay as they are until it
    /// takes them again.
    /// </summary>
    internal IQueryable<Guid> DueChannels(DateTimeOffset now, bool waitingToo = false) =>
        (waitingToo ? db.Channels : db.Channels.Where(ChannelWaits.TakesRows(now)))
        .Where(c => DueRows(now).Any(r => r.ChannelId == c.Id)).Select(c => c.Id);

    /// <summary>
    /// Channels gone that still have rows due: enqueued by a report as the channel was deleted, after
    /// the delete had cancelled its rows. <see cref="DueChannels"/> starts from the channels, so it
    /// never finds these; the dispatcher looks for them now and then, and gives them up. Reads every
    /// waiting row's index entry.
    /// </summary>
    public Task<List<Guid>> DeletedChannelsAsync(DateTimeOffset now, CancellationToken cancellationToken) => DeletedChannels(now).ToListAsync(cancellationToken);

    internal IQueryable<Guid> DeletedChannels(DateTimeOffset now) =>
        DueRows(now).Where(r => !db.Channels.Any(c => c.Id == r.ChannelId)).Select(r => r.ChannelId).Distinct();

    /// <summary>Leases up to <paramref name="limit"/> due rows of one channel, most urgent first.</summary>
    public async Task<List<long>> ClaimAsync(Guid channelId, DateTimeOffset now, DateTimeOffset leaseEnd, int limit, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext)
        {
            return await db.Database.SqlQueryRaw<long>(PostgresClaim, leaseEnd, now, limit, channelId).ToListAsync(cancellationToken);
        }

        // SQLite stores times as unix milliseconds (SqliteAppDbContext) and GUIDs as upper-case text.
        return await db.Database.SqlQueryRaw<long>(SqliteClaim,
            leaseEnd.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), limit, channelId.ToString().ToUpperInvariant()).ToListAsync(cancellationToken);
    }
}
