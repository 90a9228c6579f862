using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Domain.Grains.Channels;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;

namespace NotifyOrleans.Infrastructure.Subscriptions;

/// <summary>
/// Every summary that is set has its reminder. A configuration import writes people's and the
/// channels' summary settings straight into the database, without one, and no summary was sent
/// until someone saved those pages again.
/// </summary>
public static class SummaryReminders
{
    public static async Task EnsureArmedAsync(AppDbContext db, IGrainFactory grains, CancellationToken cancellationToken)
    {
        await grains.GetGrain<IChannelSummaryGrain>(IChannelSummaryGrain.Key).EnsureArmedAsync(cancellationToken);
        var people = await db.UserStates.AsNoTracking().Where(u => u.Summary != null)
            .Select(u => EF.Property<string>(u, GrainKeyModelExtensions.KeyProperty)).ToListAsync(cancellationToken);
        await Task.WhenAll(people.Select(id => grains.GetGrain<IUserGrain>(id).EnsureSummaryArmedAsync(cancellationToken)));
    }
}

/// <summary>Once the silo runs: the summaries an import from the command line left without reminders get them.</summary>
public sealed class SummaryStartup(IGrainFactory grains, IServiceScopeFactory scopes, FaultReporter faults, ILogger<SummaryStartup> logger)
    : StartupCheck(faults, logger)
{
    protected override string What => "Scheduling summaries";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var scope = scopes.CreateScope();
        await SummaryReminders.EnsureArmedAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), grains, stoppingToken);
    }
}
