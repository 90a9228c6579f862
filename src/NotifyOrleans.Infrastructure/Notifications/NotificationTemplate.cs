using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Notifications;

/// <summary>
/// The Handlebars sources for one event type: a title (email subject, embed title), a text body,
/// and ntfy's priority and tags. Email HTML is laid out by the email channel around the text.
/// </summary>
public sealed record NotificationTemplate(
    string EventType,
    NotificationKind Kind,
    string Title,
    string Body,
    int Priority = 3,
    string[]? Tags = null);
