using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>What a Test says, in the same words on the channel list and in the API.</summary>
public static class ChannelTestOutcome
{
    public const string SentMessage = "Test message sent. Check that it arrived.";

    /// <summary>sent; permanent (the settings need fixing); rate-limited; transient (try again later).</summary>
    public static string Of(DeliveryResult result) => result switch
    {
        DeliveryResult.Sent => "sent",
        DeliveryResult.PermanentFailure or DeliveryResult.Rejected => "permanent", // a refused test message: its settings (the body template, the To list) need fixing
        DeliveryResult.RetryAfter => "rate-limited",
        _ => "transient",
    };

    public static string Message(DeliveryResult result) => result is DeliveryResult.Sent ? SentMessage : $"Test failed. {result.ErrorText}";
}
