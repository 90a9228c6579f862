using NotifyOrleans.Infrastructure.Clustering;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>The app's reminder table, whose next writes fail as the database going away would make them.</summary>
public sealed class FailingReminderTable(EfReminderTable table) : IReminderTable
{
    private int _failuresLeft;
    private int _written;

    /// <summary>How many of the next writes fail.</summary>
    public void FailNextWrites(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    /// <summary>Writes that went through.</summary>
    public int Written => Volatile.Read(ref _written);

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0) throw new TimeoutException("The reminder table's database did not answer (injected).");
        var etag = await table.UpsertRow(entry);
        Interlocked.Increment(ref _written);
        return etag;
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) => table.ReadRows(grainId);
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => table.ReadRows(begin, end);
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => table.ReadRow(grainId, reminderName);
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => table.RemoveRow(grainId, reminderName, eTag);
    public Task TestOnlyClearTable() => table.TestOnlyClearTable();
}
