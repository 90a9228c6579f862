using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Web.SystemEvents;

/// <summary>A System Error nobody was told about, and why; <paramref name="Earlier"/> older ones the banner would show too.</summary>
public sealed record UnsentSystemError(DateTimeOffset OccurredAt, string Summary, string Why, int Earlier);

/// <summary>
/// The console's last resort: a System Error that reached nobody (off, no channels, or its only
/// channel is the one failing) shows as a banner to admins for a day, so it is never only in the log.
/// An admin who has read it dismisses it in her browser (a cookie holds the time of the last one
/// seen); a newer one shows again.
/// </summary>
public sealed class SystemErrorBanner(AppDbContext db, TimeProvider time)
{
    private static readonly TimeSpan ShownFor = TimeSpan.FromHours(24);
    private const string SeenCookie = "NotifyOrleans.SystemErrorSeen";

    /// <summary>Messages younger than this are still on their way, not failed.</summary>
    private static readonly TimeSpan StillSending = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The newest unsent System Error of the last day that this browser has not dismissed, and how
    /// many older ones are unsent too: shown alone, the one left after newer errors reached a
    /// channel read as if the banner showed the oldest.
    /// </summary>
    public async Task<UnsentSystemError?> FindAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var since = now - ShownFor;
        if (SeenUpTo(request) is { } seen && seen > since) since = seen;
        var recent = await db.SystemEvents.AsNoTracking()
            .Where(e => e.Type == SystemEventType.SystemError && e.OccurredAt > since && e.ProcessedAt != null)
            .OrderByDescending(e => e.OccurredAt).Take(20).ToListAsync(cancellationToken);
        if (recent.Count == 0) return null;

        var keys = recent.Select(e => e.DedupKey).ToList();
        var messages = await db.Outbox.AsNoTracking().Where(r => keys.Contains(r.DedupKey))
            .Select(r => new { r.DedupKey, r.Status, r.LastError, r.CreatedAt }).ToListAsync(cancellationToken);
        UnsentSystemError? newest = null;
        var earlier = 0;
        foreach (var occurrence in recent)
        {
            var route = SystemEventRouter.ReadRoute(occurrence);
            if (route?.NotTold.Any(why => why.StartsWith("Throttled", StringComparison.Ordinal)) == true) continue; // a repeat of one already sent
            var own = messages.Where(m => m.DedupKey == occurrence.DedupKey).ToList();
            if (own.Any(m => m.Status == OutboxStatus.Sent || (m.Status == OutboxStatus.Pending && now - m.CreatedAt < StillSending))) continue;
            if (newest is not null)
            {
                earlier++;
                continue;
            }

            var why = own.FirstOrDefault(m => m.LastError is not null)?.LastError
                ?? route?.NotTold.FirstOrDefault()
                ?? "no channel took it";
            newest = new UnsentSystemError(occurrence.OccurredAt, occurrence.Summary, why, Earlier: 0);
        }

        return newest is null ? null : newest with { Earlier = earlier };
    }

    /// <summary>The banner's line about the older unsent errors (up to the 19 read besides the newest), or null.</summary>
    public static string? EarlierText(UnsentSystemError error) => error.Earlier switch
    {
        0 => null,
        1 => "1 earlier System Error reached nobody either.",
        var n => $"{n} earlier System Errors reached nobody either.",
    };

    /// <summary>
    /// The banner's Dismiss: the error that occurred at these UTC ticks, and older ones, stay hidden
    /// in this browser. (A forged value hides at most this browser's own banner; it is checked when read.)
    /// </summary>
    public static void Dismiss(HttpResponse response, long occurredAtTicks) =>
        response.Cookies.Append(SeenCookie, occurredAtTicks.ToString(CultureInfo.InvariantCulture), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps, MaxAge = ShownFor, IsEssential = true,
        });

    private static DateTimeOffset? SeenUpTo(HttpRequest request) =>
        long.TryParse(request.Cookies[SeenCookie], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
}
