using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Clustering;

/// <summary>
/// Orleans reminders kept in the app's own database, on SQLite and PostgreSQL alike (Orleans has
/// no SQLite provider, and its ADO.NET scripts are not in the packages). Every write carries a
/// new ETag; a removal with a stale ETag does nothing.
/// </summary>
public sealed class EfReminderTable(IDbContextFactory<AppDbContext> dbs) : IReminderTable
{
    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var key = grainId.ToString();
        return Data(await db.Reminders.AsNoTracking().Where(r => r.GrainId == key).ToListAsync());
    }

    /// <summary>Reminders whose grain hash is in (begin, end], the ring wrapping when begin ≥ end.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var rows = begin < end
            ? db.Reminders.Where(r => r.GrainHash > begin && r.GrainHash <= end)
            : db.Reminders.Where(r => r.GrainHash > begin || r.GrainHash <= end);
        return Data(await rows.AsNoTracking().ToListAsync());
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var key = grainId.ToString();
        var row = await db.Reminders.AsNoTracking().SingleOrDefaultAsync(r => r.GrainId == key && r.ReminderName == reminderName);
        return row is null ? null : Entry(row);
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var etag = Guid.NewGuid().ToString("N");
        var key = entry.GrainId.ToString();
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbs.CreateDbContextAsync();
            var row = await db.Reminders.SingleOrDefaultAsync(r => r.GrainId == key && r.ReminderName == entry.ReminderName);
            if (row is null) db.Reminders.Add(row = new ReminderRecord { GrainId = key, ReminderName = entry.ReminderName });
            row.GrainHash = entry.GrainId.GetUniformHashCode();
            row.StartAt = new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc));
            row.PeriodMs = (long)entry.Period.TotalMilliseconds;
            row.ETag = etag;
            try
            {
                await db.SaveChangesAsync();
                return etag;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another silo inserted the same reminder first: update theirs.
            }
        }
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var key = grainId.ToString();
        return await db.Reminders.Where(r => r.GrainId == key && r.ReminderName == reminderName && r.ETag == eTag).ExecuteDeleteAsync() == 1;
    }

    public async Task TestOnlyClearTable()
    {
        await using var db = await dbs.CreateDbContextAsync();
        await db.Reminders.ExecuteDeleteAsync();
    }

    private static ReminderTableData Data(IEnumerable<ReminderRecord> rows) => new(rows.Select(Entry));

    private static ReminderEntry Entry(ReminderRecord row) => new()
    {
        GrainId = GrainId.Parse(row.GrainId),
        ReminderName = row.ReminderName,
        StartAt = row.StartAt.UtcDateTime,
        Period = TimeSpan.FromMilliseconds(row.PeriodMs),
        ETag = row.ETag,
    };
}
