using System.Data;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Clustering;

/// <summary>
/// Orleans' cluster membership kept in the app's own database (Orleans' ADO.NET scripts are not
/// in its packages). Reads return every silo with its ETag and the table version as one
/// snapshot; an insert or update bumps the version row and writes the silo row in one
/// transaction, and changes nothing (returns false) if either ETag moved since it was read.
/// </summary>
public sealed class EfMembershipTable(IDbContextFactory<AppDbContext> dbs, IOptions<ClusterOptions> cluster) : IMembershipTable
{
    private string ClusterId => cluster.Value.ClusterId;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        if (!tryInitTableVersion) return;
        await using var db = await dbs.CreateDbContextAsync();
        if (await db.MembershipVersions.AnyAsync(v => v.ClusterId == ClusterId)) return;
        db.MembershipVersions.Add(new MembershipVersionRecord { ClusterId = ClusterId, Version = 0, ETag = NewETag() });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another silo created it at the same moment: theirs is as good.
        }
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var db = await dbs.CreateDbContextAsync();
        await db.ClusterMembers.Where(m => m.ClusterId == clusterId).ExecuteDeleteAsync();
        await db.MembershipVersions.Where(v => v.ClusterId == clusterId).ExecuteDeleteAsync();
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beyondDate)
    {
        await using var db = await dbs.CreateDbContextAsync();
        // Not only Dead rows, as Orleans' own tables: a node killed while joining or shutting down
        // never becomes Dead, and its row would be read at every refresh for good.
        var active = (int)SiloStatus.Active;
        await db.ClusterMembers.Where(m => m.ClusterId == ClusterId && m.Status != active && m.IAmAliveTime < beyondDate).ExecuteDeleteAsync();
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key.ToParsableString());

    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) =>
        WriteAsync(tableVersion, async db =>
        {
            var address = entry.SiloAddress.ToParsableString();
            if (await db.ClusterMembers.AnyAsync(m => m.ClusterId == ClusterId && m.SiloAddress == address)) return false;
            db.ClusterMembers.Add(Record(entry, new SiloRecord { ClusterId = ClusterId, SiloAddress = address }));
            return true;
        });

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        WriteAsync(tableVersion, async db =>
        {
            var address = entry.SiloAddress.ToParsableString();
            var row = await db.ClusterMembers.SingleOrDefaultAsync(m => m.ClusterId == ClusterId && m.SiloAddress == address && m.ETag == etag);
            if (row is null) return false;
            Record(entry, row);
            return true;
        });

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var address = entry.SiloAddress.ToParsableString();
        var alive = new DateTimeOffset(DateTime.SpecifyKind(entry.IAmAliveTime, DateTimeKind.Utc));
        await db.ClusterMembers.Where(m => m.ClusterId == ClusterId && m.SiloAddress == address)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.IAmAliveTime, alive));
    }

    private async Task<MembershipTableData> ReadAsync(string? address)
    {
        await using var db = await dbs.CreateDbContextAsync();
        // One snapshot: the version and the rows as they were together.
        await using var transaction = await db.Database.BeginTransactionAsync(db is PostgresAppDbContext ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable);
        var version = await db.MembershipVersions.AsNoTracking().SingleOrDefaultAsync(v => v.ClusterId == ClusterId);
        var rows = await db.ClusterMembers.AsNoTracking()
            .Where(m => m.ClusterId == ClusterId && (address == null || m.SiloAddress == address)).ToListAsync();
        await transaction.CommitAsync();
        var tableVersion = version is null ? new TableVersion(0, "") : new TableVersion(version.Version, version.ETag);
        return new MembershipTableData(rows.Select(row => Tuple.Create(Entry(row), row.ETag)).ToList(), tableVersion);
    }

    /// <summary>Bumps the version row only if it still carries the read ETag, then lets <paramref name="write"/> change the silo row; both or neither.</summary>
    private async Task<bool> WriteAsync(TableVersion tableVersion, Func<AppDbContext, Task<bool>> write)
    {
        await using var db = await dbs.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var newETag = NewETag();
        var bumped = await db.MembershipVersions
            .Where(v => v.ClusterId == ClusterId && v.ETag == tableVersion.VersionEtag)
            .ExecuteUpdateAsync(set => set.SetProperty(v => v.Version, tableVersion.Version).SetProperty(v => v.ETag, newETag));
        if (bumped != 1 || !await write(db)) return false; // disposing rolls back
        try
        {
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // a row written by another silo in between
        }
    }

    private static SiloRecord Record(MembershipEntry entry, SiloRecord row)
    {
        row.SiloName = entry.SiloName ?? "";
        row.HostName = entry.HostName ?? "";
        row.Status = (int)entry.Status;
        row.ProxyPort = entry.ProxyPort;
        row.SuspectTimes = string.Join('|', (entry.SuspectTimes ?? []).Select(s => $"{s.Item1.ToParsableString()}@{s.Item2.Ticks}"));
        row.StartTime = Utc(entry.StartTime);
        row.IAmAliveTime = Utc(entry.IAmAliveTime);
        row.ETag = NewETag();
        return row;
    }

    private static MembershipEntry Entry(SiloRecord row) => new()
    {
        SiloAddress = SiloAddress.FromParsableString(row.SiloAddress),
        SiloName = row.SiloName,
        HostName = row.HostName,
        Status = (SiloStatus)row.Status,
        ProxyPort = row.ProxyPort,
        SuspectTimes = row.SuspectTimes.Length == 0 ? [] : row.SuspectTimes.Split('|').Select(pair =>
        {
            var at = pair.LastIndexOf('@');
            return Tuple.Create(SiloAddress.FromParsableString(pair[..at]), new DateTime(long.Parse(pair[(at + 1)..], CultureInfo.InvariantCulture), DateTimeKind.Utc));
        }).ToList(),
        StartTime = row.StartTime.UtcDateTime,
        IAmAliveTime = row.IAmAliveTime.UtcDateTime,
    };

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static string NewETag() => Guid.NewGuid().ToString("N");
}
