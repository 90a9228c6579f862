using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>
/// The Email channels that direct emails to people go through (escalation steps, subscriptions,
/// summaries): the enabled ones, a working one first (not failed, then fewest failures in a row,
/// then one whose last attempt went through), then by name; the first is used unless something names its own. By name alone, a broken
/// channel called "Backup mail" carried everyone's mail while "Office mail" worked. Mail queued
/// before a channel broke moves to a working one (<see cref="MovePeopleMailAsync"/>).
/// </summary>
public static class EmailChannels
{
    public static Task<List<Guid>> EnabledAsync(AppDbContext db, CancellationToken cancellationToken) =>
        BestFirst(db.Channels.AsNoTracking().Where(c => c.Enabled && c.Kind == ChannelKind.Email)).Select(c => c.Id).ToListAsync(cancellationToken);

    /// <summary>
    /// A working channel first (not failed, then fewest failures in a row, then one whose last attempt
    /// went through), then by name. A channel whose Test just timed out is not yet "not answering",
    /// but a person's failure mail sent through it waited three timeouts before it moved on.
    /// </summary>
    private static IOrderedQueryable<Channel> BestFirst(IQueryable<Channel> channels) =>
        channels.OrderBy(c => c.IsHealthy ? 0 : 1).ThenBy(c => c.ConsecutiveFailures).ThenBy(Channel.LastAttemptFailedRule).ThenBy(c => c.Name);

    public static async Task<Guid?> FirstEnabledAsync(AppDbContext db, CancellationToken cancellationToken) =>
        (await EnabledAsync(db, cancellationToken)).Cast<Guid?>().FirstOrDefault();

    /// <summary>An Email channel that cannot carry people's mail now: failed (paused until fixed) or not answering.</summary>
    public static bool CannotCarryMail(Channel channel) => channel.Kind == ChannelKind.Email && (!channel.IsHealthy || channel.IsNotAnswering);

    /// <summary>
    /// Moves the mail to people waiting in <paramref name="from"/> (escalation steps, subscriptions,
    /// summaries, quiet hours' digests: whichever Email channel was best when it was queued carries
    /// it) to the best other enabled one, and returns how many moved. Mail the channel sends to
    /// its own recipients stays: it is the channel's. With <paramref name="toWorkingOnly"/>, only to a
    /// channel that is working (a broken channel's mail does not go round between broken ones).
    /// What waited for the broken channel's backoff is due at once; a quiet hours' digest keeps its time.
    /// </summary>
    public static async Task<int> MovePeopleMailAsync(AppDbContext db, Guid from, bool toWorkingOnly, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var others = db.Channels.AsNoTracking().Where(c => c.Enabled && c.Kind == ChannelKind.Email && c.Id != from);
        if (toWorkingOnly) others = others.Where(c => c.IsHealthy && c.ConsecutiveFailures < Channel.FailuresBeforeFlagged);
        var to = await BestFirst(others).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (to is not { } other) return 0;
        return await db.Outbox.Where(r => r.ChannelId == from && (r.Status == OutboxStatus.Pending || r.Status == OutboxStatus.Held) && r.Recipient != null && r.Recipient != "")
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ChannelId, other).SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(r => r.NextAttemptAt, r => r.Status == OutboxStatus.Pending && r.NextAttemptAt > now ? now : r.NextAttemptAt), cancellationToken);
    }
}
