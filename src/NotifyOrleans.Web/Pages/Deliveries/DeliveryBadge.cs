using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Delivery;

namespace NotifyOrleans.Web.Pages.Deliveries;

/// <summary>A delivery's status as a badge's colour, alike in the Delivery log and on the job page's "who was told".</summary>
public static class DeliveryBadge
{
    /// <param name="status">None for a row not written yet: it waits, as a pending one does.</param>
    public static string ClassOf(OutboxStatus? status) => status switch
    {
        OutboxStatus.Sent => "text-bg-success",
        OutboxStatus.Dead => "text-bg-danger",
        OutboxStatus.Cancelled => "text-bg-secondary",
        OutboxStatus.Held or OutboxStatus.Digested => "text-bg-info",
        _ => "text-bg-warning",
    };

    /// <summary>
    /// Under a Sent badge, when the row went with others in one send: "in one email with 11 others".
    /// Twelve rows Sent read as twelve mails when one digest arrived. Null for a row sent alone.
    /// </summary>
    public static string? SentTogether(int? sentTogether, ChannelKind? kind) => sentTogether is > 1 and var count
        ? $"in one {(kind == ChannelKind.Email ? "email" : "message")} with {NotifyOrleans.Domain.Counts.Of(count - 1, "other")}"
        : null;
}
