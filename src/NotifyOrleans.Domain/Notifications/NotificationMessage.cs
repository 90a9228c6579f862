namespace NotifyOrleans.Domain.Notifications;

/// <summary>A labelled value shown as a structured field (Discord embed field, email table row).</summary>
public sealed record MessageField(string Name, string Value, bool Inline = true);

/// <summary>A link the receiver can follow (the job page, an acknowledge link).</summary>
/// <param name="Acts">Following it does something (acknowledges): ntfy sends it as a POST from the notification's button.</param>
public sealed record MessageLink(string Label, string Url, bool Acts = false);

/// <summary>
/// One channel-neutral notification: what happened, rendered from a template, before any channel
/// turns it into an email, an embed or an ntfy message.
/// </summary>
/// <param name="EventType">The template's event type, e.g. <c>backup.failure</c> (see <see cref="EventTypes"/>).</param>
/// <param name="HtmlBody">The email body as HTML (the text body is always present too).</param>
/// <param name="Priority">ntfy priority 1–5; other channels use <see cref="Kind"/>.</param>
public sealed record NotificationMessage(
    string EventType,
    NotificationKind Kind,
    string Title,
    string Body,
    string? HtmlBody,
    IReadOnlyList<MessageField> Fields,
    IReadOnlyList<MessageLink> Links,
    DateTimeOffset OccurredAt,
    int Priority = 3,
    IReadOnlyList<string>? Tags = null);
