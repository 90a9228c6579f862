using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans.Configuration;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>The <c>Orleans</c> settings reach the silo as an operator gives them (README, Configuration).</summary>
public sealed class SiloSettingsTests
{
    [Fact]
    public async Task The_grain_directory_cache_is_sized_for_the_apps_jobs_and_an_operator_can_change_it()
    {
        await using var app = new AppFactory(DatabaseProvider.Sqlite) { Settings = new Dictionary<string, string> { ["Orleans:DirectoryCacheSize"] = "5000" } };

        var given = app.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize;

        Assert.Equal(5000, given);
        Assert.Equal(100_000, new SiloSettings().DirectoryCacheSize); // not Orleans' million, reserved up front
    }

    [Fact]
    public async Task A_cluster_node_whose_advertised_name_resolves_to_loopback_says_so_at_start()
    {
        await using var named = new AppFactory(DatabaseProvider.Postgres) { Settings = new Dictionary<string, string> { ["Orleans:AdvertisedAddress"] = "localhost" } };
        await using var given = new AppFactory(DatabaseProvider.Postgres) { Settings = new Dictionary<string, string> { ["Orleans:AdvertisedAddress"] = "127.0.0.1" } };
        await using var unset = new AppFactory(DatabaseProvider.Postgres) { Settings = new Dictionary<string, string> { ["Orleans:AdvertisedAddress"] = "" } };
        _ = named.Services;
        _ = given.Services;
        _ = unset.Services;

        Assert.Contains(named.Problems.Lines, line => line.Contains("localhost", StringComparison.Ordinal) && line.Contains("127.0.0.1\", a loopback address", StringComparison.Ordinal));
        Assert.DoesNotContain(given.Problems.Lines, line => line.Contains("loopback address", StringComparison.Ordinal)); // nodes on one machine, as meant
        Assert.Contains(unset.Problems.Lines, line => line.Contains("is not set: this node advertises \"127.0.0.1\"", StringComparison.Ordinal)); // was "is , which resolves to"
        // Reached from this machine alone, the silo's port is not opened on every interface (0.0.0.0) either: it listens where it advertises.
        Assert.All(new[] { named, given, unset }, node => Assert.Null(node.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.SiloListeningEndpoint));
    }

    [Fact]
    public async Task A_node_given_another_cluster_id_on_the_same_database_says_so_at_start()
    {
        using var database = new TestDatabase(DatabaseProvider.Postgres);
        await using var first = new AppFactory(DatabaseProvider.Postgres, sharedDatabase: database);
        _ = first.Services; // live, under the default cluster id
        await using var stray = new AppFactory(DatabaseProvider.Postgres, sharedDatabase: database) { Settings = new Dictionary<string, string> { ["Orleans:ClusterId"] = "wrongcluster" } };
        _ = stray.Services;

        Assert.Contains(stray.Problems.Lines, line => line.Contains("live nodes of another cluster", StringComparison.Ordinal) && line.Contains("notifyorleans", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Problems.Lines, line => line.Contains("another cluster", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Orleans_retrying_a_call_past_a_dead_node_is_not_logged_as_warnings_and_other_resilience_events_keep_their_level()
    {
        await using var app = new AppFactory(DatabaseProvider.Sqlite);
        var severity = app.Services.GetRequiredService<IOptions<Polly.Telemetry.TelemetryOptions>>().Value.SeverityProvider!;
        var context = Polly.ResilienceContextPool.Shared.Get();
        Polly.Telemetry.ResilienceEventSeverity Of(string pipeline, string eventName, Polly.Telemetry.ResilienceEventSeverity given) =>
            severity(new Polly.Telemetry.SeverityProviderArguments(new Polly.Telemetry.ResilienceTelemetrySource(pipeline, null, "Retry"), new Polly.Telemetry.ResilienceEvent(given, eventName), context));

        Assert.Equal(Polly.Telemetry.ResilienceEventSeverity.Debug, Of("Orleans.Placement", "OnRetry", Polly.Telemetry.ResilienceEventSeverity.Warning));
        Assert.Equal(Polly.Telemetry.ResilienceEventSeverity.Debug, Of("Orleans.Placement", "ExecutionAttempt", Polly.Telemetry.ResilienceEventSeverity.Warning));
        Assert.Equal(Polly.Telemetry.ResilienceEventSeverity.Debug, Of("channel-send", "OnTimeout", Polly.Telemetry.ResilienceEventSeverity.Error)); // the delivery's rule, kept
        Assert.Equal(Polly.Telemetry.ResilienceEventSeverity.Warning, Of("another", "OnRetry", Polly.Telemetry.ResilienceEventSeverity.Warning));
        Polly.ResilienceContextPool.Shared.Return(context);
    }
}
