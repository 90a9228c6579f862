using System.Collections.Concurrent;

namespace NotifyOrleans.Infrastructure.Channels.Discord;

/// <summary>
/// Discord's global rate limit: about 50 requests a second from one address, across every
/// webhook it sends to. A 429 marked global applies to all of this node's Discord channels, not
/// only the one that received it; the others wait it out here instead of each collecting a 429
/// of their own (every 429 counts toward the 10,000 invalid requests in 10 minutes after which
/// Cloudflare bans the address). Per node, as the limit is per address; per host of the webhook URL.
/// </summary>
public sealed class DiscordGlobalLimit(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _heldUntil = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long sends to <paramref name="host"/> must still wait, or null when they may go.</summary>
    public TimeSpan? Remaining(string host)
    {
        if (!_heldUntil.TryGetValue(host, out var until)) return null;
        var left = until - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    /// <summary>Discord answered a global 429: nothing goes to <paramref name="host"/> for <paramref name="wait"/>.</summary>
    public void Hold(string host, TimeSpan wait)
    {
        var until = time.GetUtcNow() + wait;
        _heldUntil.AddOrUpdate(host, until, (_, held) => held > until ? held : until);
    }
}
