using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Runtime;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Runtime;

/// <summary>How to activate one grain type: its stable name (stored in reminder rows) and a factory.</summary>
public sealed record GrainRegistration(
    string GrainType,
    Type InterfaceType,
    Func<IServiceProvider, string, CancellationToken, Task<object>> ActivateAsync)
{
    public static GrainRegistration For<TInterface, TGrain, TState>(string grainType)
        where TInterface : IGrainWithStringKey
        where TGrain : class, TInterface
        where TState : class, new() =>
        new(grainType, typeof(TInterface), async (services, key, cancellationToken) =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var state = await EfPersistentState<TState>.LoadAsync(db, grainType, key, cancellationToken);
            var reminders = new EfReminderRegistry(services.GetRequiredService<IServiceScopeFactory>(), grainType, key);
            var context = new GrainContext<TState>(key, state, reminders, services.GetRequiredService<TimeProvider>());
            return ActivatorUtilities.CreateInstance<TGrain>(services, context);
        });
}

/// <summary>All grain types of the process, by interface and by name.</summary>
public sealed class GrainRegistry(IEnumerable<GrainRegistration> registrations)
{
    private readonly Dictionary<Type, GrainRegistration> _byInterface = registrations.ToDictionary(r => r.InterfaceType);

    public GrainRegistration ForInterface(Type interfaceType) =>
        _byInterface.TryGetValue(interfaceType, out var registration)
            ? registration
            : throw new InvalidOperationException($"No grain is registered for {interfaceType.Name}; call AddGrain in start-up.");

    public GrainRegistration? ForName(string grainType) =>
        _byInterface.Values.FirstOrDefault(r => r.GrainType == grainType);
}
