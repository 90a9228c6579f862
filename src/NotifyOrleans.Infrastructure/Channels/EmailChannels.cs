using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>
/// The Email channels that direct emails to people go through (escalation steps, subscriptions,
/// summaries): the enabled ones, a working one first (not failed, then fewest failures in a row),
/// then by name; the first is used unless something names its own. By name alone, a broken
/// channel called "Backup mail" carried everyone's mail while "Office mail" worked.
/// </summary>
public static class EmailChannels
{
    public static Task<List<Guid>> EnabledAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking().Where(c => c.Enabled && c.Kind == ChannelKind.Email)
            .OrderBy(c => c.IsHealthy ? 0 : 1).ThenBy(c => c.ConsecutiveFailures).ThenBy(c => c.Name).Select(c => c.Id).ToListAsync(cancellationToken);

    public static async Task<Guid?> FirstEnabledAsync(AppDbContext db, CancellationToken cancellationToken) =>
        (await EnabledAsync(db, cancellationToken)).Cast<Guid?>().FirstOrDefault();
}
