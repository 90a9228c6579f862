using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// A check a node makes once its silo runs (a reminder registered, an import's jobs set up).
/// The first minute of a start is when the cluster is least ready: the reminder service may
/// still be reading its table ("still initializing"), a new node's ring may not be settled, the
/// database may be warming up. So a failure is retried for a few minutes, logged as a warning
/// each time, and only the last one becomes a System Error; the checks are idempotent.
/// </summary>
/// <param name="backoff">The waits between attempts (about three minutes in all unless given); real time, not the app's clock, which tests move.</param>
public abstract class StartupCheck(FaultReporter faults, ILogger logger, IReadOnlyList<TimeSpan>? backoff = null) : BackgroundService
{
    private readonly IReadOnlyList<TimeSpan> _backoff = backoff ?? [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(2)];

    /// <summary>The check, in words, for the log and a System Error: "Scheduling the retention sweep".</summary>
    protected abstract string What { get; }

    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await RunAsync(stoppingToken);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && attempt < _backoff.Count)
            {
                logger.LogWarning(exception, "{Task} failed at start; trying again in {Wait}", What, _backoff[attempt]);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await faults.ReportAsync(What, exception, stoppingToken);
                return;
            }

            await Task.Delay(_backoff[attempt], stoppingToken);
        }
    }
}
