using Microsoft.Extensions.DependencyInjection;

namespace NotifyOrleans.Infrastructure.SystemEvents;

public static class SystemEventsServiceCollectionExtensions
{
    /// <summary>System events: recording, the settings, the router that sends them, and the per-event Test.</summary>
    public static IServiceCollection AddSystemEvents(this IServiceCollection services)
    {
        services.AddSingleton<SystemEventSignal>();
        services.AddSingleton<FaultReporter>();
        services.AddScoped<SystemEventRecorder>();
        services.AddScoped<SystemNotificationStore>();
        services.AddScoped<SystemEventTester>();
        services.AddSingleton<SystemEventMessages>();
        services.AddSingleton<SystemEventRouter>();
        services.AddHostedService(provider => provider.GetRequiredService<SystemEventRouter>());
        return services;
    }
}
