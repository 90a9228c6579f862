using System.Net;
using Microsoft.Extensions.Options;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Clustering;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>What Orleans' membership protocol expects of an <see cref="IMembershipTable"/>, on each database.</summary>
public abstract class MembershipTableContractTests(DatabaseProvider provider) : IAsyncLifetime
{
    private MigratedDatabase _database = null!;
    private EfMembershipTable _table = null!;

    public async Task InitializeAsync()
    {
        _database = new MigratedDatabase(provider);
        _table = new EfMembershipTable(_database.Contexts, Options.Create(new ClusterOptions { ClusterId = "test-cluster", ServiceId = "test" }));
        await _table.InitializeMembershipTable(tryInitTableVersion: true);
    }

    private static MembershipEntry Silo(int port, SiloStatus status = SiloStatus.Joining) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 42),
        SiloName = $"silo-{port}", HostName = "node", Status = status, ProxyPort = 0,
        StartTime = new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc), IAmAliveTime = new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc),
        SuspectTimes = [],
    };

    [Fact]
    public async Task A_new_table_is_empty_at_version_zero_and_initialising_again_keeps_it()
    {
        await _table.InitializeMembershipTable(tryInitTableVersion: true);

        var data = await _table.ReadAll();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
    }

    [Fact]
    public async Task Inserts_bump_the_version_and_are_refused_with_a_stale_version_or_for_an_existing_silo()
    {
        var version = (await _table.ReadAll()).Version;

        Assert.True(await _table.InsertRow(Silo(11111), version.Next()));
        Assert.False(await _table.InsertRow(Silo(11112), version.Next())); // read before the first insert
        var now = (await _table.ReadAll()).Version;
        Assert.False(await _table.InsertRow(Silo(11111), now.Next()));    // already there
        Assert.True(await _table.InsertRow(Silo(11112), now.Next()));

        var data = await _table.ReadAll();
        Assert.Equal(2, data.Members.Count);
        Assert.Equal(2, data.Version.Version);
    }

    [Fact]
    public async Task An_update_needs_the_rows_current_etag_and_round_trips_every_field()
    {
        await _table.InsertRow(Silo(11111), (await _table.ReadAll()).Version.Next());
        var read = await _table.ReadAll();
        var (entry, etag) = read.Members.Single();
        var suspector = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 22222), 7);
        entry.Status = SiloStatus.Active;
        entry.SuspectTimes = [Tuple.Create(suspector, new DateTime(2026, 11, 29, 11, 0, 0, DateTimeKind.Utc))];

        Assert.True(await _table.UpdateRow(entry, etag, read.Version.Next()));
        Assert.False(await _table.UpdateRow(entry, etag, (await _table.ReadAll()).Version.Next())); // the etag moved on

        var (stored, _) = (await _table.ReadRow(entry.SiloAddress)).Members.Single();
        Assert.Equal(SiloStatus.Active, stored.Status);
        Assert.Equal(entry.SiloAddress, stored.SiloAddress);
        Assert.Equal(suspector, stored.SuspectTimes!.Single().Item1);
        Assert.Equal(new DateTime(2026, 11, 29, 11, 0, 0, DateTimeKind.Utc), stored.SuspectTimes!.Single().Item2);
        Assert.Equal(entry.StartTime, stored.StartTime);
    }

    [Fact]
    public async Task I_am_alive_is_written_without_a_version_check_and_defunct_silos_are_cleaned_up()
    {
        await _table.InsertRow(Silo(11111, SiloStatus.Dead), (await _table.ReadAll()).Version.Next());
        await _table.InsertRow(Silo(11113, SiloStatus.Joining), (await _table.ReadAll()).Version.Next()); // killed while joining
        await _table.InsertRow(Silo(11114, SiloStatus.ShuttingDown), (await _table.ReadAll()).Version.Next());
        await _table.InsertRow(Silo(11115, SiloStatus.Active), (await _table.ReadAll()).Version.Next()); // alive, though its heartbeat is as old
        await _table.InsertRow(Silo(11112, SiloStatus.Active), (await _table.ReadAll()).Version.Next());
        var alive = Silo(11112, SiloStatus.Active);
        alive.IAmAliveTime = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

        await _table.UpdateIAmAlive(alive);
        await _table.CleanupDefunctSiloEntries(new DateTimeOffset(2026, 11, 29, 11, 0, 0, TimeSpan.Zero));

        var left = (await _table.ReadAll()).Members.Select(m => m.Item1).OrderBy(m => m.SiloAddress.Endpoint.Port).ToList();
        Assert.Equal([11112, 11115], left.Select(m => m.SiloAddress.Endpoint.Port));
        Assert.Equal(alive.IAmAliveTime, left[0].IAmAliveTime);
    }

    [Fact]
    public async Task Deleting_a_clusters_entries_leaves_other_clusters_alone()
    {
        var other = new EfMembershipTable(_database.Contexts, Options.Create(new ClusterOptions { ClusterId = "other-cluster", ServiceId = "test" }));
        await other.InitializeMembershipTable(true);
        await other.InsertRow(Silo(11111), (await other.ReadAll()).Version.Next());
        await _table.InsertRow(Silo(11111), (await _table.ReadAll()).Version.Next());

        await _table.DeleteMembershipTableEntries("test-cluster");

        Assert.Empty((await _table.ReadAll()).Members);
        Assert.Single((await other.ReadAll()).Members);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}

public sealed class MembershipTableContractTestsOnSqlite() : MembershipTableContractTests(DatabaseProvider.Sqlite);
public sealed class MembershipTableContractTestsOnPostgres() : MembershipTableContractTests(DatabaseProvider.Postgres);
