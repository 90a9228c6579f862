using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.SystemEvents;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>
/// What the background loops (the outbox dispatcher, the system-event router, configuration
/// backups) call when they fail, so a fault reaches people as a System Error and not only the log.
/// A database that cannot be reached cannot take an event: its outage is remembered here and
/// reported once it answers again, with when it went and how often it failed.
/// </summary>
public sealed class FaultReporter(IServiceScopeFactory scopes, TimeProvider time, ILogger<FaultReporter> logger)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _databaseDownSince;
    private int _databaseFailures;
    private string? _firstDatabaseError;

    /// <summary>A loop failed. Database faults start (or continue) an outage; anything else is a System Error now.</summary>
    /// <param name="task">The loop, in words: "Delivering notifications".</param>
    public async Task ReportAsync(string task, Exception exception, CancellationToken cancellationToken = default)
    {
        if (IsDatabaseFault(exception))
        {
            lock (_lock)
            {
                _databaseFailures++;
                if (_databaseDownSince is not null) return;
                _databaseDownSince = time.GetUtcNow();
                _firstDatabaseError = DatabaseMessage(exception);
            }

            logger.LogError(exception, "The database cannot be reached ({Task}); a System Error follows once it answers again", task);
            return;
        }

        logger.LogError(exception, "{Task} failed", task);
        await RecordSystemErrorAsync($"crash:{task}", $"{task} failed: {exception.GetBaseException().Message}", cancellationToken);
    }

    /// <summary>A loop's round went through: if the database had been unreachable, say so now that it is back.</summary>
    public async Task DatabaseAnsweredAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset since;
        int failures;
        string? error;
        lock (_lock)
        {
            if (_databaseDownSince is not { } down) return;
            (since, failures, error) = (down, _databaseFailures, _firstDatabaseError);
            _databaseDownSince = null;
            _databaseFailures = 0;
        }

        var text = $"The database could not be reached from {since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC until {time.GetUtcNow().UtcDateTime:HH:mm:ss} UTC ({Counts.Of(failures, "failed attempt")}): {error}. It answers again; nothing accepted was lost.";
        logger.LogWarning("{Text}", text);
        await RecordSystemErrorAsync("database", text, cancellationToken);
    }

    /// <summary>A System Error for a fault that is not a loop's (a node of the cluster lost); one per fault key and window reaches people.</summary>
    public async Task RecordSystemErrorAsync(string faultKey, string text, CancellationToken cancellationToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<SystemEventRecorder>().RecordAsync(
                new SystemEvent { Type = SystemEventType.SystemError, FaultKey = faultKey, Summary = text }, EventOrigin.None, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not record a System Error ({Fault})", faultKey);
        }
    }

    /// <summary>The driver's words ("Failed to connect to 10.0.0.5:5432"), not the socket's under them.</summary>
    private static string DatabaseMessage(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
            if (inner is DbException) return inner.Message;
        return exception.GetBaseException().Message;
    }

    /// <summary>The database did not answer (a refused connection, a timeout), as opposed to refusing a statement.</summary>
    public static bool IsDatabaseFault(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
            if (inner is DbException { IsTransient: true } or System.Net.Sockets.SocketException) return true;
        return false;
    }
}
