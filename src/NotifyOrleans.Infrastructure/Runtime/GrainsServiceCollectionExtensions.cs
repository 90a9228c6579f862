using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Runtime;

namespace NotifyOrleans.Infrastructure.Runtime;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>The grain runtime, the reminder pump, and the product's grains.</summary>
    public static IServiceCollection AddGrains(this IServiceCollection services)
    {
        services.AddOptions<GrainRuntimeOptions>().BindConfiguration(GrainRuntimeOptions.Section);
        services.AddSingleton<GrainTurnLock>();
        services.AddSingleton<GrainRegistry>();
        services.AddSingleton<GrainFactory>();
        services.AddSingleton<IGrainFactory>(provider => provider.GetRequiredService<GrainFactory>());
        services.AddSingleton<ReminderPump>();
        services.AddHostedService(provider => provider.GetRequiredService<ReminderPump>());

        services.AddGrain<IUserGrain, UserGrain, UserState>("user");
        return services;
    }

    public static IServiceCollection AddGrain<TInterface, TGrain, TState>(this IServiceCollection services, string grainType)
        where TInterface : IGrainWithStringKey
        where TGrain : class, TInterface
        where TState : class, new() =>
        services.AddSingleton(GrainRegistration.For<TInterface, TGrain, TState>(grainType));
}
