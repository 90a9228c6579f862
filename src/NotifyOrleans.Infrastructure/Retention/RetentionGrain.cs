using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.Retention;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Retention;

/// <summary>The daily sweep (<see cref="RetentionSweeper"/>), as a reminder so a cluster runs it once and a restart keeps its time.</summary>
[GrainType("retention")]
public sealed class RetentionGrain(IServiceScopeFactory scopes, FaultReporter faults) : Grain, IRetentionGrain, IRemindable
{
    private const string Daily = "sweep-daily";

    /// <summary>The first sweep of a new installation: not in the busy first minutes of a start.</summary>
    private static readonly TimeSpan FirstSweepAfter = TimeSpan.FromMinutes(10);

    public async Task EnsureScheduledAsync()
    {
        if (await this.GetReminder(Daily) is null) await this.RegisterOrUpdateReminder(Daily, FirstSweepAfter, TimeSpan.FromDays(1));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<RetentionSweeper>().SweepAsync();
        }
        catch (Exception exception)
        {
            await faults.ReportAsync("The daily retention sweep", exception);
        }
    }
}
