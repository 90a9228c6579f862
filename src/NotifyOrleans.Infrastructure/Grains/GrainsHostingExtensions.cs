using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Infrastructure.Clustering;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>Bound to the <c>Orleans</c> section (environment: <c>NotifyOrleans__Orleans__SiloPort</c> …).</summary>
public sealed class SiloSettings
{
    public const string Section = "Orleans";

    /// <summary>The port silos talk to each other on; one per node (and per host on one machine).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The address other nodes reach this one at (cluster on PostgreSQL); loopback by default.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public string ClusterId { get; set; } = "notifyorleans";
    public string ServiceId { get; set; } = "notifyorleans";

    /// <summary>Orleans' lower bound on reminder periods (1 minute); tests lower it.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many grains' locations a node keeps in its grain-directory cache. Orleans' default is a
    /// million, and it allocates the cache's table for that many at start (about 18 MB a node):
    /// this app's grains are its jobs and users, and 100,000 jobs is the size it is built for.
    /// Past it the least recently used locations are looked up again, nothing more.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;
}

public static class GrainsHostingExtensions
{
    /// <summary>
    /// An Orleans silo in the web process. On SQLite (one node) it is a cluster of one with
    /// localhost clustering; on PostgreSQL every node joins one cluster whose membership is kept
    /// in the app's database. Reminders live in the app's database on both. No gateway: the web
    /// app is the only client, and it is co-hosted.
    /// </summary>
    /// <param name="configure">More for the silo (the web app adds Orleans' dashboard).</param>
    public static IHostApplicationBuilder AddGrains(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        var settings = builder.Configuration.GetSection(SiloSettings.Section).Get<SiloSettings>() ?? new SiloSettings();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.UseOrleans(silo =>
        {
            if (database.Provider == DatabaseProvider.Postgres)
            {
                silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (settings.ClusterId, settings.ServiceId));
                // Not given (or given empty): the default, 127.0.0.1, which only nodes on this machine reach.
                var given = builder.Configuration[$"{SiloSettings.Section}:AdvertisedAddress"] is { Length: > 0 } address ? address : null;
                var advertised = Resolve(given ?? new SiloSettings().AdvertisedAddress);
                // Listening on every interface serves nodes elsewhere, which reach the advertised address; a loopback one
                // is reached from this machine alone, so the silo's port (no login: it trusts its peers) stays on it too.
                silo.ConfigureEndpoints(advertised, settings.SiloPort, gatewayPort: 0, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                if (IPAddress.IsLoopback(advertised) && !IPAddress.TryParse(given, out _))
                    builder.Services.AddHostedService(services => new LoopbackAddressWarning(
                        services.GetRequiredService<ILogger<LoopbackAddressWarning>>(), given, advertised));
                silo.Services.AddSingleton<IMembershipTable, EfMembershipTable>();
                builder.Services.AddHostedService<Clustering.NodeLossReporter>(); // a node voted out, told as a System Error
                builder.Services.AddHostedService<Clustering.OtherClustersWarning>(); // a node given another cluster id, on the same tables
            }
            else
            {
                silo.UseLocalhostClustering(siloPort: settings.SiloPort, gatewayPort: 0, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
            }

            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection($"{SiloSettings.Section}:Membership"));
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable, EfReminderTable>();
            silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = settings.MinimumReminderPeriod);
            silo.Configure<GrainDirectoryOptions>(directory => directory.CacheSize = settings.DirectoryCacheSize);
            configure?.Invoke(silo);
        });
        builder.Services.QuietOrleansRetries();
        return builder;
    }

    /// <summary>An IP address as it is, or a host name (a compose service) resolved to its IPv4 address.</summary>
    private static IPAddress Resolve(string address) =>
        IPAddress.TryParse(address, out var ip) ? ip
        : Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"Orleans:AdvertisedAddress '{address}' does not resolve to an IPv4 address.");
}
