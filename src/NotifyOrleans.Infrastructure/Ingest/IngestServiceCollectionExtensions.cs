using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Jobs;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>Bound to the <c>Ingest</c> section.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Larger bodies get 413. Duplicati reports are a few KB; LogLines can make them larger.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How much of a ping's body is kept as the run's log.</summary>
    public int MaxPingLogBytes { get; set; } = 10_000;
}

public static class IngestServiceCollectionExtensions
{
    /// <summary>Ingest keys, report parsing, and what the backup job grain's turns write.</summary>
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section);
        services.AddMemoryCache();
        services.AddScoped<IngestKeys>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<IngestService>();
        services.AddScoped<JobDefaults>();
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section);
        services.AddScoped<JobQueries>();
        services.AddScoped<ServerPauses>();
        services.AddScoped<DefaultEscalationPolicy>();
        services.AddOptions<LinkOptions>().BindConfiguration(LinkOptions.Section);
        services.AddSingleton<IncidentLinks>();
        services.AddSingleton<BadgeLinks>();
        services.AddSingleton<JobSideEffectsFactory>();
        return services;
    }
}
