using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Grains.Channels;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;

namespace NotifyOrleans.Infrastructure.Subscriptions;

/// <summary>
/// When quiet hours end (a person's, or the channels'), the held messages leave as one digest.
/// Every node looks every <see cref="DeliveryOptions.DigestInterval"/> for held rows whose time has
/// come and asks the person's or the channel's grain to send the digest; the grain does it once,
/// whichever node asks. The rows are the schedule: a digest due while every node was down goes out
/// when one is up again.
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
        List<string> due;
        using (var scope = scopes.CreateScope())
        {
            var now = time.GetUtcNow();
            due = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Outbox
                .Where(r => r.Status == OutboxStatus.Held && r.NextAttemptAt <= now && r.HeldFor != null)
                .Select(r => r.HeldFor!).Distinct().ToListAsync(cancellationToken);
        }

        var carried = 0;
        foreach (var heldFor in due)
            carried += ChannelDigests.IsChannel(heldFor)
                ? await grains.GetGrain<IChannelDigestGrain>(ChannelDigests.ChannelKey(heldFor)).SendDigestAsync(cancellationToken)
                : await grains.GetGrain<IUserGrain>(heldFor).SendDigestAsync(cancellationToken);
        return carried;
    }
}
