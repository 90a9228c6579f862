using System.Diagnostics;
using Serilog.Events;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// Orleans 10.4's platform watchdog can run its first check before the component watchdog has
/// run once; it then measures from the clock's origin and warns, at every start, that the
/// "participant check thread has not completed" for as long as the machine has been up, "potentially
/// indicating … deadlock". A stall longer than this process has lived cannot have happened, so
/// that warning is dropped; a real stall (shorter than the process's life) is still logged.
/// </summary>
public static class SpuriousWatchdogWarning
{
    private const string Source = "Orleans.Runtime.Watchdog";
    private static readonly DateTime ProcessStartedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static bool IsSpurious(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: Source }
        && logEvent.Properties.TryGetValue("TimeSinceLastTick", out var stalled) && stalled is ScalarValue { Value: TimeSpan stall }
        && stall > DateTime.UtcNow - ProcessStartedAt;
}
