using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Notifications.Templates;

namespace NotifyOrleans.Web.Pages.Templates;

/// <summary>
/// A draft rendered on sample data as each channel kind would send it, through the channels' own
/// composers (the email as MailKit builds it, the Discord embed, the webhook's JSON), each in its
/// own wording where it has one, or the problems that keep it from being saved.
/// </summary>
/// <param name="Message">The message as rendered, with every kind's wording (<see cref="NotificationMessage.For"/>).</param>
/// <param name="Ntfy">The message as ntfy sends it.</param>
public sealed partial record TemplatePreview(
    IReadOnlyList<(string Field, string Message)> Problems,
    NotificationMessage? Message,
    string? EmailSubject,
    string? EmailHtml,
    string? EmailText,
    DiscordEmbeds.Embed? Discord,
    NotificationMessage? Ntfy,
    string? WebhookJson,
    ChannelKind? Focus = null)
{
    /// <summary>
    /// The preview tab shown: <see cref="Focus"/>, which the editor sets to the tab the person chose
    /// (kept across redraws), else the kind whose wording is edited; the email when neither.
    /// </summary>
    public ChannelKind Shown => Focus ?? ChannelKind.Email;

    /// <summary>
    /// A Discord text in pieces, its markdown links (<c>[Acknowledge](https://…)</c>, as the embed
    /// carries the message's links) apart, for the preview to show them as Discord does: as links.
    /// </summary>
    public static IEnumerable<(string Text, string? Url)> DiscordLinks(string text)
    {
        var at = 0;
        foreach (System.Text.RegularExpressions.Match link in MarkdownLink().Matches(text))
        {
            if (link.Index > at) yield return (text[at..link.Index], null);
            yield return (link.Groups["label"].Value, link.Groups["url"].Value);
            at = link.Index + link.Length;
        }

        if (at < text.Length) yield return (text[at..], null);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\[(?<label>[^\]\n]+)\]\((?<url>https?://[^)\s]+)\)")]
    private static partial System.Text.RegularExpressions.Regex MarkdownLink();

    /// <param name="channel">The kind whose own wording the draft is; null for the template for all channels.</param>
    /// <param name="console">The console's address for the sample links (<see cref="TemplateSamples.For"/>).</param>
    public static TemplatePreview Of(string eventType, ChannelKind? channel, TemplateDraft draft, TemplateRenderer renderer, DateTimeOffset now, string console)
    {
        var problems = TemplateCheck.Problems(draft, channel, eventType);
        if (problems.Count > 0) return new TemplatePreview(problems, null, null, null, null, null, null, null, channel);
        var message = renderer.Preview(eventType, channel, draft, TemplateSamples.For(eventType, now, console));
        var email = EmailComposer.Compose(new EmailSettings { Host = "preview", From = "hub@example.com", To = "you@example.com" }, [message.For(ChannelKind.Email)], null, now);
        return new TemplatePreview([], message, email.Subject, email.HtmlBody, email.TextBody, DiscordEmbeds.Build(message.For(ChannelKind.Discord)),
            message.For(ChannelKind.Ntfy), WebhookBody.Render(message.For(ChannelKind.Webhook), null), channel);
    }
}

/// <summary>Event types as people read them.</summary>
public static class TemplateNames
{
    public static string Of(string eventType) => eventType switch
    {
        EventTypes.BackupSuccess => "Backup succeeded",
        EventTypes.BackupWarning => "Backup finished with warnings",
        EventTypes.BackupFailure => "Backup failed (and its repeats)",
        EventTypes.BackupOverdue => "Backup overdue (and its repeats)",
        EventTypes.BackupRecovered => "Backup recovered",
        EventTypes.BackupEscalated => "Escalation",
        EventTypes.Summary => "Summary",
        EventTypes.UserLogin => "User login",
        EventTypes.UserLoginNotice => "Login notice to the user",
        EventTypes.UserCreated => "User created",
        EventTypes.UserWelcome => "Welcome email to a new user",
        EventTypes.RestoreCompleted => "Restore completed",
        EventTypes.RestoreFailed => "Restore failed",
        EventTypes.ConfigurationBackup => "Configuration backup",
        EventTypes.SystemError => "System error",
        EventTypes.ChannelTest => "Channel test",
        _ => eventType,
    };

    public static string Of(ChannelKind kind) => kind switch { ChannelKind.Email => "Email", ChannelKind.Discord => "Discord", ChannelKind.Ntfy => "ntfy", _ => "Webhook" };

    public static string Priority(int priority) => priority switch { 1 => "1 (min)", 2 => "2 (low)", 3 => "3 (default)", 4 => "4 (high)", _ => "5 (urgent)" };
}
