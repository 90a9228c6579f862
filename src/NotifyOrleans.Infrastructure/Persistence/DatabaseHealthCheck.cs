using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>/healthz: healthy when the database answers a query.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName} reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("database unreachable", exception);
        }
    }
}
