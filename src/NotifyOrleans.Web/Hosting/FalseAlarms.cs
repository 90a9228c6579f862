using System.Diagnostics;
using Serilog.Events;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// Log lines our libraries write at every start that report a fault which did not happen. An
/// operator who reads "deadlock" or "ERR" at start-up should find a real one. Each is matched
/// narrowly, so that the same kind of line about a real fault is still written.
/// </summary>
public static class FalseAlarms
{
    private static readonly DateTime ProcessStartedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static bool IsFalseAlarm(LogEvent logEvent) => IsWatchdogsFirstCheck(logEvent) || IsFreshPostgresMigrationHistory(logEvent) || IsOutageEcho(logEvent)
        || IsStartFailureEcho(logEvent);

    /// <summary>
    /// EF Core's errors while the app starts (migrations, the first queries): an exception that
    /// ends the start is said in StartFailures' one line, with what to do; EF's statement,
    /// parameters and stack trace before it were fifty lines more.
    /// </summary>
    private static bool IsStartFailureEcho(LogEvent logEvent) =>
        StartFailures.IsStarting && logEvent.Level >= LogEventLevel.Error && IsEfCores(logEvent);

    /// <summary>
    /// EF Core's error for each statement that could not reach the database: in an outage, one
    /// with a stack trace per request and per loop round (7,000 lines in 40 s). The outage is
    /// logged once (FaultReporter), answered 503 (Unavailability), and told as a System Error when
    /// the database answers again.
    /// </summary>
    private static bool IsOutageEcho(LogEvent logEvent) =>
        logEvent.Exception is { } failure && IsEfCores(logEvent) && Infrastructure.SystemEvents.FaultReporter.IsDatabaseFault(failure);

    private static bool IsEfCores(LogEvent logEvent) => Source(logEvent)?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true;

    /// <summary>
    /// Orleans 10.4's platform watchdog can run its first check before the component watchdog has
    /// run once; it then measures from the clock's origin and warns that the "participant check
    /// thread has not completed" for as long as the machine has been up. A stall longer than this
    /// process has lived cannot have happened.
    /// </summary>
    private static bool IsWatchdogsFirstCheck(LogEvent logEvent) =>
        Source(logEvent) == "Orleans.Runtime.Watchdog"
        && logEvent.Properties.TryGetValue("TimeSinceLastTick", out var stalled) && stalled is ScalarValue { Value: TimeSpan stall }
        && stall > DateTime.UtcNow - ProcessStartedAt;

    /// <summary>
    /// On a new PostgreSQL database, Npgsql's EF Core provider reads the migrations history before
    /// the table exists, catches "undefined table" and creates it, but EF has logged the failed read
    /// as an error by then (npgsql/efcore.pg#3407), twice at the first start. The line carries no
    /// exception to tell why the read failed; any other reason fails the migration itself, and the
    /// app's start with it, which is logged.
    /// </summary>
    private static bool IsFreshPostgresMigrationHistory(LogEvent logEvent) =>
        Source(logEvent) == "Microsoft.EntityFrameworkCore.Database.Command"
        && logEvent.Properties.TryGetValue("commandText", out var command) && command is ScalarValue { Value: string text }
        && text.StartsWith("SELECT ", StringComparison.Ordinal) && text.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal);

    private static string? Source(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string name } ? name : null;
}
