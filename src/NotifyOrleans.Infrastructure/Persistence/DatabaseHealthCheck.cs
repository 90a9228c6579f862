using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>/healthz: healthy when the database answers a query.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var reachable = await db.Database.CanConnectAsync(cancellationToken);
            // A probe that hung up is the probe's doing, not the database's: no "unreachable" for it.
            cancellationToken.ThrowIfCancellationRequested();
            return reachable
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName} reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", exception);
        }
    }
}
