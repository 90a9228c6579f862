using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Runtime;

namespace NotifyOrleans.Infrastructure.Runtime;

/// <summary>
/// Hands out grain references. A call on a reference is one turn: take the grain's lock, open a
/// scope, load the state, run the method, and replay it from fresh state if another node wrote
/// the grain meanwhile. Activations live for one turn; the database is the only memory.
/// </summary>
public sealed class GrainFactory(
    GrainRegistry registry,
    GrainTurnLock turnLock,
    IServiceScopeFactory scopes,
    IOptions<GrainRuntimeOptions> options,
    ILogger<GrainFactory> logger) : IGrainFactory
{
    private static readonly MethodInfo InvokeTypedMethod =
        typeof(GrainFactory).GetMethod(nameof(InvokeTypedAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly ConcurrentDictionary<Type, MethodInfo> InvokeTypedByResult = new();

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        (TGrainInterface)GetGrain(typeof(TGrainInterface), key);

    /// <summary>The untyped form, for the reminder pump that knows a grain only by its stored type name.</summary>
    public object GetGrain(Type grainInterface, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > GrainKeyModelExtensions.KeyMaxLength)
            throw new ArgumentException($"A grain key is at most {GrainKeyModelExtensions.KeyMaxLength} characters.", nameof(key));
        var registration = registry.ForInterface(grainInterface);
        var proxy = DispatchProxy.Create(grainInterface, typeof(GrainReferenceProxy));
        ((GrainReferenceProxy)proxy).Bind(this, registration, key);
        return proxy;
    }

    /// <summary>Called by <see cref="GrainReferenceProxy"/> for every interface method.</summary>
    internal object Invoke(GrainRegistration registration, string key, MethodInfo method, object?[] arguments)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task)) return InvokeTurnAsync(registration, key, method, arguments);
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var typed = InvokeTypedByResult.GetOrAdd(returnType.GetGenericArguments()[0], result => InvokeTypedMethod.MakeGenericMethod(result));
            return typed.Invoke(this, [registration, key, method, arguments])!;
        }

        throw new NotSupportedException($"Grain method {method.Name} must return Task or Task<T>: a grain call is always asynchronous.");
    }

    private async Task<TResult> InvokeTypedAsync<TResult>(GrainRegistration registration, string key, MethodInfo method, object?[] arguments) =>
        (TResult)(await InvokeTurnAsync(registration, key, method, arguments))!;

    private async Task<object?> InvokeTurnAsync(GrainRegistration registration, string key, MethodInfo method, object?[] arguments)
    {
        var cancellationToken = arguments.OfType<CancellationToken>().FirstOrDefault();
        using var turn = await turnLock.EnterAsync($"{registration.GrainType}/{key}", cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            using var scope = scopes.CreateScope();
            var grain = await registration.ActivateAsync(scope.ServiceProvider, key, cancellationToken);
            try
            {
                return await CallAsync(grain, method, arguments);
            }
            catch (GrainConcurrencyException) when (attempt < options.Value.MaxConcurrencyRetries)
            {
                logger.LogDebug("Grain {GrainType}/{GrainKey} written by another node; replaying {Method} (attempt {Attempt})",
                    registration.GrainType, key, method.Name, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }

    private static async Task<object?> CallAsync(object grain, MethodInfo method, object?[] arguments)
    {
        Task task;
        try
        {
            task = (Task)method.Invoke(grain, arguments)!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }

        await task;
        return method.ReturnType == typeof(Task) ? null : method.ReturnType.GetProperty(nameof(Task<object>.Result))!.GetValue(task);
    }
}

/// <summary>The reference object behind a grain interface; public and unsealed because DispatchProxy requires it.</summary>
public class GrainReferenceProxy : DispatchProxy
{
    private GrainFactory? _factory;
    private GrainRegistration? _registration;
    private string _key = "";

    internal void Bind(GrainFactory factory, GrainRegistration registration, string key) =>
        (_factory, _registration, _key) = (factory, registration, key);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        _factory!.Invoke(_registration!, _key, targetMethod!, args ?? []);

    public override string ToString() => $"{_registration?.GrainType}/{_key}";
}
