using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// Claims due outbox rows for this dispatcher by setting their lease in one statement. On
/// PostgreSQL the candidates are locked with <c>FOR UPDATE SKIP LOCKED</c>, so dispatchers on
/// several nodes take disjoint batches without waiting on each other. SQLite has a single writer
/// at a time, so the same statement without the locking clause is already exclusive.
/// </summary>
public sealed class OutboxClaimer(AppDbContext db)
{
    private const string Candidates = """
        SELECT "Id" FROM "OutboxMessages"
        WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {1} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {1})
        ORDER BY "Priority", "NextAttemptAt", "Id"
        LIMIT {2}
        """;

    public async Task<List<long>> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseEnd, int limit, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext)
        {
            return await db.Database.SqlQueryRaw<long>(
                $$"""UPDATE "OutboxMessages" SET "ClaimedUntil" = {0} WHERE "Id" IN ({{Candidates}} FOR UPDATE SKIP LOCKED) RETURNING "Id" AS "Value" """,
                leaseEnd, now, limit).ToListAsync(cancellationToken);
        }

        // SQLite stores times as unix milliseconds (SqliteAppDbContext).
        return await db.Database.SqlQueryRaw<long>(
            $$"""UPDATE "OutboxMessages" SET "ClaimedUntil" = {0} WHERE "Id" IN ({{Candidates}}) RETURNING "Id" AS "Value" """,
            leaseEnd.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), limit).ToListAsync(cancellationToken);
    }
}
