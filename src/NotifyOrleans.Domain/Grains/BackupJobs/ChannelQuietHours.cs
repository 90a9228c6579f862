using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// Quiet hours for channels, set by an admin: during them the chosen channels (a Discord room, an
/// ntfy topic on phones) get no job notice that is not urgent; what they would have got arrives as
/// one digest per channel when the quiet time ends. Failures, missed runs and escalations come through when
/// <see cref="QuietHours.UrgentComesThrough"/>. Pure, like the transitions.
/// </summary>
public sealed record ChannelQuietHours(QuietHours Hours, string TimeZoneId, IReadOnlyList<Guid> Channels)
{
    public static ChannelQuietHours None { get; } = new(new QuietHours(null, null, false, true), "UTC", []);

    public bool IsOn => Hours.IsSet && Channels.Count > 0;

    /// <summary>Whether any channel is in its quiet time at <paramref name="now"/>.</summary>
    public bool IsQuietAt(DateTimeOffset now) => IsOn && Hours.QuietUntil(now, LocalTimes.Zone(TimeZoneId)) is not null;

    /// <summary>Until when this channel's notice waits; null: it goes now.</summary>
    public DateTimeOffset? HeldUntil(Guid channel, string eventType, DateTimeOffset now) =>
        IsOn && Channels.Contains(channel) ? Hours.Holds(eventType, now, LocalTimes.Zone(TimeZoneId)) : null;

    /// <summary>The notices with the channels they wait for, and the "why" entries of those channels saying until when.</summary>
    public (IReadOnlyList<JobNotification> Notices, IReadOnlyList<RouteEntry> Entries) Hold(IReadOnlyList<JobNotification> notices,
        IReadOnlyList<RouteEntry> entries, DateTimeOffset now)
    {
        if (!IsOn) return (notices, entries);
        var held = notices.Select(n => (Notice: n, Held: n.ChannelIds
                .Select(c => (Channel: c, Until: HeldUntil(c, n.EventType, now))).Where(x => x.Until is not null)
                .ToDictionary(x => x.Channel, x => x.Until!.Value)))
            .ToList();
        // In UTC, as every kept text: each reader reads it in their own zone (a page's InText).
        var annotated = entries.Select(e =>
            e is { Told: true, ChannelId: { } channel } && held.FirstOrDefault(h => h.Notice.EventType == e.EventType && h.Held.ContainsKey(channel)) is { Notice: not null } match
                ? e with { Why = $"{e.Why}; held by the channels' quiet hours until {LocalTimes.Format(match.Held[channel], TimeZoneInfo.Utc)}, for the digest" }
                : e).ToList();
        return (held.Select(h => h.Held.Count == 0 ? h.Notice : h.Notice with { HeldChannels = h.Held }).ToList(), annotated);
    }
}
