using System.Net;
using System.Reflection;
using Microsoft.Extensions.Options;
using Npgsql;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans.Configuration;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// The line an operator looks for first in a node's log: which version started, on which
/// database, with which silo endpoint and cluster id (the log said only "Now listening on").
/// The database is named by its file, or its host and name: never its password.
/// </summary>
public static class StartupSummary
{
    /// <summary>The app's version as built (<c>1.0.0+</c> the commit it was built from).</summary>
    public static string Version { get; } =
        typeof(StartupSummary).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static void SaysWhatStarted(this WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var silo = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var cluster = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        app.Logger.LogInformation("NotifyOrleans {Version} started on {Database}; silo {Silo}, cluster {ClusterId}",
            Version, Describe(database), new IPEndPoint(silo.AdvertisedIPAddress, silo.SiloPort), cluster.ClusterId); // as the other nodes reach it, not 0.0.0.0
    });

    private static string Describe(DatabaseOptions database) => database.Provider switch
    {
        DatabaseProvider.Sqlite => $"SQLite {database.SqliteFile ?? "in memory"}",
        _ => new NpgsqlConnectionStringBuilder(database.EffectiveConnectionString) is var postgres ? $"PostgreSQL {postgres.Host}:{postgres.Port}/{postgres.Database}" : "",
    };
}
