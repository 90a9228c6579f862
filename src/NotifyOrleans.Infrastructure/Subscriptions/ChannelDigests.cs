namespace NotifyOrleans.Infrastructure.Subscriptions;

/// <summary>How an outbox row held by a channel's quiet hours names its channel in <c>HeldFor</c> (a person's rows name the user id).</summary>
public static class ChannelDigests
{
    public const string Prefix = "channel:";

    public static string HeldFor(Guid channel) => Prefix + channel;

    public static bool IsChannel(string heldFor) => heldFor.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The grain key of the channel a <c>HeldFor</c> names.</summary>
    public static string ChannelKey(string heldFor) => heldFor[Prefix.Length..];
}
