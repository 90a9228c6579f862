using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Telemetry;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// Orleans retries placing a grain call (its Polly pipeline "Orleans.Placement") while a node that
/// died is voted out, and Polly logs each attempt and retry as a warning with the exception's stack:
/// hundreds of lines in the seconds after one node's loss, for calls that then went through. They
/// are Debug here; a call that still fails reaches its caller, which says so (a 503 in the request log).
/// </summary>
public static class OrleansRetryLogging
{
    private const string Pipeline = "Orleans.Placement";

    public static IServiceCollection QuietOrleansRetries(this IServiceCollection services) =>
        // Wraps whatever severity the rest of the app gives (the delivery's timeouts), after it.
        services.PostConfigure<TelemetryOptions>(telemetry =>
        {
            var others = telemetry.SeverityProvider;
            telemetry.SeverityProvider = arguments => IsRetryOfOrleans(arguments) ? ResilienceEventSeverity.Debug
                : others?.Invoke(arguments) ?? arguments.Event.Severity;
        });

    public static bool IsRetryOfOrleans(SeverityProviderArguments arguments) =>
        arguments.Source.PipelineName == Pipeline && arguments.Event.EventName is "OnRetry" or "ExecutionAttempt";
}
