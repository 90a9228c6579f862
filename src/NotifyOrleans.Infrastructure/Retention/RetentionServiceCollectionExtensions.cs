using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Domain.Grains.Retention;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;

namespace NotifyOrleans.Infrastructure.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>How long runs, the delivery log and events are kept, and the daily sweep that deletes what is older.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        // "forever" started the node, and then every page that says how long things are kept answered 500.
        configuration.RefuseUnusable<RetentionOptions>(RetentionOptions.Section, options => options.Problem());
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        services.AddScoped<RetentionSweeper>();
        services.AddHostedService<RetentionStartup>();
        return services;
    }

    /// <summary>Once the silo runs: makes sure the daily sweep's reminder is registered.</summary>
    private sealed class RetentionStartup(IGrainFactory grains, FaultReporter faults, ILogger<RetentionStartup> logger)
        : StartupCheck(faults, logger)
    {
        protected override string What => "Scheduling the retention sweep";

        protected override Task RunAsync(CancellationToken stoppingToken) =>
            grains.GetGrain<IRetentionGrain>(IRetentionGrain.Key).EnsureScheduledAsync();
    }
}
