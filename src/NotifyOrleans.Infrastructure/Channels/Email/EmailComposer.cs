using System.Net;
using System.Text;
using MimeKit;
using MimeKit.Utils;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Email;

/// <summary>
/// Lays out the email: an HTML part with a coloured status bar, the text, a table of fields and
/// the time; and a plain-text part with the same content. Several messages become one digest.
/// </summary>
public static class EmailComposer
{
    public static MimeMessage Compose(EmailSettings settings, IReadOnlyList<NotificationMessage> messages, string? recipient, DateTimeOffset now)
    {
        var from = new MailboxAddress("NotifyOrleans", settings.From);
        var mail = new MimeMessage
        {
            Subject = Subject(messages),
            // Receivers reject or spam-score mail without these; the ID's domain is the sender's.
            Date = now,
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
            Body = new BodyBuilder { TextBody = Text(messages), HtmlBody = Html(messages) }.ToMessageBody(),
        };
        mail.From.Add(from);
        foreach (var address in recipient is null ? settings.Recipients : [recipient]) mail.To.Add(MailboxAddress.Parse(address));
        return mail;
    }

    /// <summary>
    /// One message's title; a digest's most urgent title, then how many more and what they are. "5
    /// notifications: [BACKUP FAILED] pc-anna" read in an inbox as one machine's failure, four others
    /// in the body.
    /// </summary>
    public static string Subject(IReadOnlyList<NotificationMessage> messages)
    {
        var ordered = messages.OrderBy(m => m.Kind.DeliveryPriority()).ToList();
        return ordered.Count == 1 ? ordered[0].Title : $"{ordered[0].Title}, and {ordered.Count - 1} more: {NoticeNames.Counted(ordered.Skip(1))}";
    }

    private static string Text(IReadOnlyList<NotificationMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            if (text.Length > 0) text.Append("\n\n----------------------------------------\n\n");
            text.Append(message.Title).Append("\n\n").Append(message.Body).Append('\n');
            foreach (var field in message.FieldsToShow()) text.Append('\n').Append(field.Name).Append(": ").Append(field.Value);
            foreach (var link in message.Links) text.Append("\n\n").Append(link.Label).Append(": ").Append(link.Url);
            text.Append("\n\n").Append(Timestamp(message));
        }

        return text.Append("\n\n-- \nSent by NotifyOrleans\n").ToString();
    }

    private static string Html(IReadOnlyList<NotificationMessage> messages)
    {
        // The viewport: a phone's mail app otherwise lays the mail out 980 px wide, in tiny type.
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
            + "<body style=\"margin:0;padding:16px;background:#f6f8fa;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328\">");
        foreach (var message in messages)
        {
            var color = message.Kind.HexColor();
            html.Append("<table role=\"presentation\" width=\"100%\" style=\"max-width:640px;margin:0 auto 16px;background:#fff;border:1px solid #d0d7de;border-radius:6px;border-collapse:separate\">")
                .Append($"<tr><td style=\"background:{color};height:6px;border-radius:6px 6px 0 0\" data-status-bar=\"{message.Kind}\"></td></tr>")
                .Append("<tr><td style=\"padding:16px 20px\">")
                .Append($"<h2 style=\"margin:0 0 12px;font-size:18px\">{E(message.Title)}</h2>")
                // A message laid out in HTML by the app (a summary, a digest: encoded where it was built) keeps its layout.
                .Append(message.HtmlBody ?? $"<p style=\"margin:0 0 12px;white-space:pre-line;overflow-wrap:anywhere;word-break:break-word\">{E(message.Body)}</p>");
            if (message.FieldsToShow().ToList() is { Count: > 0 } fields)
            {
                html.Append("<table style=\"border-collapse:collapse;font-size:14px;margin-bottom:12px\">");
                foreach (var field in fields)
                    html.Append($"<tr><th align=\"left\" style=\"padding:4px 16px 4px 0;color:#59636e;font-weight:600;vertical-align:top\">{E(field.Name)}</th><td style=\"padding:4px 0;white-space:pre-line;overflow-wrap:anywhere;word-break:break-word\">{E(field.Value)}</td></tr>");
                html.Append("</table>");
            }

            // Buttons a thumb can hit: the one that acts (Acknowledge) filled, the others outlined.
            if (message.Links.Count > 0) html.Append("<p style=\"margin:4px 0 12px\">");
            foreach (var link in message.Links)
                html.Append($"<a href=\"{E(link.Url)}\" style=\"display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600;"
                    + (link.Acts ? "background:#0969da;color:#fff;border:1px solid #0969da" : "background:#fff;color:#0969da;border:1px solid #d0d7de") + $"\">{E(link.Label)}</a>");
            if (message.Links.Count > 0) html.Append("</p>");
            html.Append($"<p style=\"margin:0;font-size:12px;color:#59636e\">{E(Timestamp(message))}</p></td></tr></table>");
        }

        return html.Append("<p style=\"text-align:center;font-size:12px;color:#59636e\">Sent by NotifyOrleans</p></body></html>").ToString();
    }

    /// <summary>When it happened, in the zone the message was written for (a person's own), else UTC.</summary>
    private static string Timestamp(NotificationMessage message) =>
        LocalTimes.Format(message.OccurredAt, LocalTimes.Zone(message.TimeZoneId), "yyyy-MM-dd HH:mm:ss");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
