using Microsoft.Extensions.DependencyInjection;

namespace NotifyOrleans.Infrastructure.Subscriptions;

public static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>People's subscriptions as the job grains see them, and the digests of their quiet hours.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddSingleton<SubscriberDirectory>();
        services.AddSingleton<DigestSender>();
        services.AddHostedService(provider => provider.GetRequiredService<DigestSender>());
        services.AddHostedService<SummaryStartup>();
        return services;
    }
}
