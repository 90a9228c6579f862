using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;

namespace NotifyOrleans.Infrastructure.Subscriptions;

/// <summary>
/// When someone's quiet hours end, their held messages leave as one digest. Every node looks
/// every <see cref="DeliveryOptions.DigestInterval"/> for held rows whose time has come and asks
/// each person's grain to send the digest; the grain does it once, whichever node asks. The rows
/// are the schedule: a digest due while every node was down goes out when one is up again.
/// </summary>
public sealed class DigestSender(IServiceScopeFactory scopes, IGrainFactory grains, TimeProvider time, IOptions<DeliveryOptions> options, FaultReporter faults)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await faults.ReportAsync("Sending quiet-hours digests", exception, stoppingToken);
            }

            try { await Task.Delay(options.Value.DigestInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Sends every digest that is due (tests drive it); returns how many held messages they carried.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        List<string> people;
        using (var scope = scopes.CreateScope())
        {
            var now = time.GetUtcNow();
            people = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Outbox
                .Where(r => r.Status == OutboxStatus.Held && r.NextAttemptAt <= now && r.HeldFor != null)
                .Select(r => r.HeldFor!).Distinct().ToListAsync(cancellationToken);
        }

        var carried = 0;
        foreach (var person in people) carried += await grains.GetGrain<IUserGrain>(person).SendDigestAsync(cancellationToken);
        return carried;
    }
}
