using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Runtime;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Runtime;

/// <summary>
/// Delivers due reminders to their grains. Every node runs one; a reminder is claimed with a
/// conditional update (only one node's update matches), so each due time fires once. A node
/// that dies mid-delivery leaves a lease that expires, and another node fires it again.
/// </summary>
public sealed class ReminderPump(
    IServiceScopeFactory scopes,
    GrainRegistry registry,
    GrainFactory grains,
    TimeProvider time,
    IOptions<GrainRuntimeOptions> options,
    ILogger<ReminderPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Reminder sweep failed; retrying after the poll interval");
            }

            try { await Task.Delay(options.Value.ReminderPollInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Claims and delivers what is due now; returns how many reminders this node delivered.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        List<(long Id, DateTimeOffset DueAt)> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            due = (await db.Reminders.AsNoTracking()
                    .Where(r => r.DueAt <= now && (r.ClaimedUntil == null || r.ClaimedUntil < now))
                    .OrderBy(r => r.DueAt)
                    .Take(options.Value.ReminderBatchSize)
                    .Select(r => new { r.Id, r.DueAt })
                    .ToListAsync(cancellationToken))
                .Select(r => (r.Id, r.DueAt)).ToList();
        }

        var delivered = 0;
        foreach (var (id, dueAt) in due)
        {
            if (await TryClaimAsync(id, now, cancellationToken) is not { } claimed) continue;
            if (await DeliverAsync(claimed, cancellationToken))
            {
                await CompleteAsync(claimed, dueAt, now, cancellationToken);
                delivered++;
            }
        }

        return delivered;
    }

    private async Task<ReminderRow?> TryClaimAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var leaseEnd = now + options.Value.ReminderLease;
        var won = await db.Reminders
            .Where(r => r.Id == id && r.DueAt <= now && (r.ClaimedUntil == null || r.ClaimedUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ClaimedUntil, leaseEnd), cancellationToken);
        return won == 1 ? await db.Reminders.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) : null;
    }

    private async Task<bool> DeliverAsync(ReminderRow reminder, CancellationToken cancellationToken)
    {
        var registration = registry.ForName(reminder.GrainType);
        if (registration is null || !typeof(IRemindable).IsAssignableFrom(registration.InterfaceType))
        {
            logger.LogWarning("Reminder {Name} names grain type {GrainType}, which cannot receive reminders; leaving it claimed",
                reminder.Name, reminder.GrainType);
            return false;
        }

        try
        {
            var grain = (IRemindable)grains.GetGrain(registration.InterfaceType, reminder.GrainKey);
            await grain.ReceiveReminderAsync(reminder.Name, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The lease stays: the reminder comes back when it expires, on this node or another.
            logger.LogError(exception, "Reminder {Name} for {GrainType}/{GrainKey} failed", reminder.Name, reminder.GrainType, reminder.GrainKey);
            return false;
        }
    }

    private async Task CompleteAsync(ReminderRow claimed, DateTimeOffset firedDueAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Reminders.SingleOrDefaultAsync(r => r.Id == claimed.Id, cancellationToken);
        if (row is null) return; // the grain unregistered it during the turn

        if (row.DueAt == firedDueAt)
        {
            if (row.Period is { } period)
                row.DueAt = NextDueAfter(firedDueAt, period, now);
            else
                db.Reminders.Remove(row);
        }
        // else: the grain re-registered it for a new time during the turn; keep that time.

        row.ClaimedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Skips missed periods (after downtime a reminder fires once, not once per missed period).</summary>
    internal static DateTimeOffset NextDueAfter(DateTimeOffset dueAt, TimeSpan period, DateTimeOffset now)
    {
        var missed = (now - dueAt).Ticks / period.Ticks + 1;
        return dueAt + TimeSpan.FromTicks(period.Ticks * Math.Max(1, missed));
    }
}
