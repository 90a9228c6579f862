using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>
/// Keeps repeats from flooding anyone: one User Login notification per user and address per
/// throttle window (a script that logs in every minute; a login from another address is always
/// told, or an intruder signing in soon after the owner would go unseen), and one System Error per fault per window, the next one
/// saying how many were held back. It reads what was sent from the events table itself, so every
/// node of a cluster throttles alike.
/// </summary>
public sealed class SystemEventThrottle(AppDbContext db, SystemNotificationSettings settings, TimeSpan faultWindow)
{
    public async Task<string?> HeldBackBecauseAsync(SystemEvent occurrence, CancellationToken cancellationToken)
    {
        if (occurrence.Type == SystemEventType.UserLogin && occurrence.UserId is { } user && settings.LoginThrottle > TimeSpan.Zero)
        {
            var since = occurrence.OccurredAt - settings.LoginThrottle;
            var address = occurrence.IpAddress;
            var earlier = await LastNotifiedAsync(e => e.Type == SystemEventType.UserLogin && e.UserId == user && e.IpAddress == address, occurrence, since, cancellationToken);
            return earlier is null ? null
                : $"Throttled: a login of {occurrence.UserEmail} from the same address was already reported at {earlier.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC (one per {settings.LoginThrottle.TotalMinutes:0} minutes).";
        }

        if (occurrence.Type == SystemEventType.SystemError && occurrence.FaultKey is { } fault)
        {
            var earlier = await LastNotifiedAsync(e => e.Type == SystemEventType.SystemError && e.FaultKey == fault, occurrence, occurrence.OccurredAt - faultWindow, cancellationToken);
            return earlier is null ? null
                : $"Throttled: the same fault was reported at {earlier.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC; the next notice counts this repeat.";
        }

        return null;
    }

    /// <summary>System errors: how many of the same fault were held back since it was last sent.</summary>
    public async Task<int> RepeatsAsync(SystemEvent occurrence, CancellationToken cancellationToken)
    {
        if (occurrence.Type != SystemEventType.SystemError || occurrence.FaultKey is not { } fault) return 0;
        var same = db.SystemEvents.Where(e => e.Type == SystemEventType.SystemError && e.FaultKey == fault && e.Id < occurrence.Id && e.ProcessedAt != null);
        var lastSent = await same.Where(e => e.Notified).OrderByDescending(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken) ?? 0;
        return await same.CountAsync(e => e.Id > lastSent && !e.Notified, cancellationToken);
    }

    private async Task<DateTimeOffset?> LastNotifiedAsync(System.Linq.Expressions.Expression<Func<SystemEvent, bool>> sameKind,
        SystemEvent occurrence, DateTimeOffset since, CancellationToken cancellationToken) =>
        await db.SystemEvents.Where(sameKind)
            .Where(e => e.Notified && e.Id != occurrence.Id && e.OccurredAt > since && e.OccurredAt <= occurrence.OccurredAt)
            .OrderByDescending(e => e.OccurredAt).Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefaultAsync(cancellationToken);
}
