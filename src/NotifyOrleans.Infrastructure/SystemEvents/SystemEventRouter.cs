using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>
/// Sends recorded system events: for each unprocessed row, in the order they happened, it asks
/// <see cref="SystemEventRouting"/> who is told, enqueues the messages and marks the row with the
/// route taken, all in one transaction. Every node runs one; two nodes that take the same row
/// enqueue under the same dedup keys, so the second one's commit fails and nothing is sent twice.
/// </summary>
public sealed class SystemEventRouter(
    IServiceScopeFactory scopes,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<DeliveryOptions> options,
    SystemEventSignal signal,
    FaultReporter faults,
    ILogger<SystemEventRouter> logger) : BackgroundService
{
    private const int BatchSize = 50;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RouteOnceAsync(stoppingToken) == BatchSize) { }
                await faults.DatabaseAnsweredAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await faults.ReportAsync("Sending system notifications", exception, stoppingToken);
            }

            try { await signal.WaitAsync(options.Value.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Routes one batch of waiting events (tests drive routing with it); returns how many it looked at.</summary>
    public async Task<int> RouteOnceAsync(CancellationToken cancellationToken = default)
    {
        List<long> waiting;
        using (var scope = scopes.CreateScope())
        {
            waiting = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SystemEvents
                .Where(e => e.ProcessedAt == null).OrderBy(e => e.Id).Select(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
        }

        foreach (var id in waiting) await RouteAsync(id, cancellationToken);
        return waiting.Count;
    }

    private async Task RouteAsync(long id, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var occurrence = await db.SystemEvents.SingleAsync(e => e.Id == id, cancellationToken);
        if (occurrence.ProcessedAt is not null) return;
        try
        {
            var settings = await services.GetRequiredService<SystemNotificationStore>().GetAsync(cancellationToken);
            var channels = await db.Channels.AsNoTracking()
                .Select(c => new RoutableChannel(c.Id, c.Name, c.Kind, c.Enabled)).ToListAsync(cancellationToken);
            var throttle = new SystemEventThrottle(db, settings, options.Value.SystemErrorThrottle);
            var user = await PreferencesOfAsync(occurrence);
            var route = SystemEventRouting.Route(occurrence.Type, settings, channels, occurrence.UserEmail,
                userWantsEmail: occurrence.Type != SystemEventType.UserLogin || user?.EmailOnOwnLogin != false,
                await throttle.HeldBackBecauseAsync(occurrence, cancellationToken));

            var messages = services.GetRequiredService<SystemEventMessages>();
            var outbox = services.GetRequiredService<NotificationOutbox>();
            var userName = occurrence.UserId is { } userId
                ? await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken)
                : null;
            var forChannels = messages.ForChannels(occurrence, await throttle.RepeatsAsync(occurrence, cancellationToken), userName);
            foreach (var delivery in route.Deliveries)
            {
                var message = delivery.Recipient is null ? forChannels : messages.ForUser(occurrence, LocalTimes.Zone(user?.TimeZoneId), userName);
                await outbox.EnqueueAsync(message, delivery.ChannelId, occurrence.DedupKey, delivery.Recipient, occurrence.JobKey, cancellationToken: cancellationToken);
            }

            Finish(occurrence, route);
            await db.SaveChangesAsync(cancellationToken);
            // The log carries every system error, also one that reached nobody (its channel is the one failing).
            if (occurrence.Type == SystemEventType.SystemError) logger.LogWarning("System Error: {Summary}", occurrence.Summary);
        }
        catch (DbUpdateException)
        {
            // Another node routed it first (its messages stand), or the database refused the write: then try again later.
            if (await IsProcessedElsewhereAsync(id, cancellationToken)) return;
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !FaultReporter.IsDatabaseFault(exception))
        {
            // One event that cannot be routed must not hold up the ones behind it. (A database that
            // did not answer is no fault of the event: it stays in the queue for the next round.)
            logger.LogError(exception, "System event {EventId} could not be routed", id);
            db.ChangeTracker.Clear();
            var stuck = await db.SystemEvents.SingleAsync(e => e.Id == id, cancellationToken);
            Finish(stuck, SystemEventRoute.Nobody($"Could not be routed: {exception.Message}"));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private void Finish(SystemEvent occurrence, SystemEventRoute route)
    {
        occurrence.ProcessedAt = time.GetUtcNow();
        occurrence.Notified = route.Deliveries.Count > 0;
        occurrence.RouteJson = JsonSerializer.Serialize(route, Json);
    }

    /// <summary>
    /// The user grain speaks for the user an event is about: whether they want emails about their
    /// own logins, and the time zone their email is written in. Null for an event about nobody.
    /// </summary>
    private async Task<NotificationPreferences?> PreferencesOfAsync(SystemEvent occurrence) =>
        occurrence.Type.CanNotifyUser() && occurrence.UserId is { } userId
            ? (await grains.GetGrain<IUserGrain>(userId).GetSnapshotAsync()).Preferences
            : null;

    private async Task<bool> IsProcessedElsewhereAsync(long id, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().SystemEvents
            .AnyAsync(e => e.Id == id && e.ProcessedAt != null, cancellationToken);
    }

    public static SystemEventRoute? ReadRoute(SystemEvent occurrence) =>
        occurrence.RouteJson is { } json ? JsonSerializer.Deserialize<SystemEventRoute>(json, Json) : null;
}
