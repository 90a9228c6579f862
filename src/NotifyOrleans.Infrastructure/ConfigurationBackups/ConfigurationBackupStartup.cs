using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Grains.ConfigurationBackups;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;

namespace NotifyOrleans.Infrastructure.ConfigurationBackups;

/// <summary>
/// Once the silo runs: keeps the export schedule as configured, and sets up the jobs a
/// command-line import left waiting for the grains.
/// </summary>
public sealed class ConfigurationBackupStartup(
    IGrainFactory grains,
    IServiceScopeFactory scopes,
    IOptions<ConfigurationBackupOptions> options,
    FaultReporter faults,
    ILogger<ConfigurationBackupStartup> logger) : StartupCheck(faults, logger)
{
    protected override string What => "Scheduling configuration backups";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await grains.GetGrain<IConfigurationBackupGrain>(IConfigurationBackupGrain.Key).EnsureScheduledAsync(options.Value.Every);
        using var scope = scopes.CreateScope();
        var applied = await scope.ServiceProvider.GetRequiredService<ConfigurationImporter>().ApplyPendingJobsAsync(stoppingToken);
        if (applied > 0) logger.LogInformation("Set up {Count} job(s) from the configuration import", applied);
    }
}

public static class ConfigurationBackupServiceCollectionExtensions
{
    /// <summary>Configuration export and import, and the schedule that exports once per cluster.</summary>
    public static IServiceCollection AddConfigurationBackups(this IServiceCollection services)
    {
        services.AddOptions<ConfigurationBackupOptions>().BindConfiguration(ConfigurationBackupOptions.Section);
        services.AddScoped<ConfigurationExporter>();
        services.AddScoped<ConfigurationImporter>();
        services.AddHostedService<ConfigurationBackupStartup>();
        return services;
    }
}
