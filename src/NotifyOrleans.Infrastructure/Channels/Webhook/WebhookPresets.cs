namespace NotifyOrleans.Infrastructure.Channels.Webhook;

/// <summary>
/// A body template made for one service that takes a JSON POST (Slack, Teams, Telegram…), so that a
/// webhook channel reaches it without its owner learning its message format. The webhook form
/// offers them; docs/channels.md shows each (a test keeps the two the same). Where a service has no
/// way to escape its mentions (Mattermost's @channel, Google Chat's &lt;users/all&gt;), the body goes in
/// a code block and the title and body through noMentions, so that a job's name or an error message
/// that contains one is shown, not obeyed.
/// </summary>
/// <param name="Address">What the channel's URL looks like, where to get it.</param>
/// <param name="Headers">The header line the service wants, if any (the form's Extra headers).</param>
/// <param name="Template">The body template; empty: the default JSON.</param>
/// <param name="Placeholder">A value in the template the admin must replace (Telegram's chat), quoted in it; null: none.</param>
public sealed record WebhookPreset(string Id, string Service, string Address, string? Headers, string Template, string? Placeholder = null)
{
    /// <summary>Whether <paramref name="body"/> is this preset's, its placeholder filled in or not (a browser posts a textarea's lines with \r\n).</summary>
    public bool Fills(string? body)
    {
        var text = (body ?? "").Replace("\r\n", "\n").Trim();
        if (Placeholder is null) return text == Template.Trim();
        var parts = Template.Trim().Split($"\"{Placeholder}\"");
        var (before, after) = (parts[0], parts[1]);
        if (!text.StartsWith(before, StringComparison.Ordinal) || !text.EndsWith(after, StringComparison.Ordinal) || text.Length < before.Length + after.Length) return false;
        var value = text[before.Length..^after.Length]; // what took the placeholder's place: one quoted value
        return value.Length >= 2 && value[0] == '"' && value.IndexOfAny(['"', '\n'], 1) == value.Length - 1;
    }
}

public static class WebhookPresets
{
    public static readonly IReadOnlyList<WebhookPreset> All =
    [
        new("default", "Default JSON (Home Assistant, n8n, Node-RED, your own service)",
            "any address that takes JSON, e.g. https://homeassistant.local:8123/api/webhook/backups", null, ""),

        new("slack", "Slack",
            "https://hooks.slack.com/services/T…/B…/… (your Slack app → Incoming Webhooks)", null,
            """
            {
              "text": "*{{escapeSlack title}}*\n{{escapeSlack (shorten body 3000)}}{{#each links}}\n<{{url}}|{{escapeSlack label}}>{{/each}}"
            }
            """),

        new("teams", "Microsoft Teams",
            "the address of a Workflows webhook (the channel's ⋯ → Workflows → “Post to a channel when a webhook request is received”)", null,
            """
            {
              "type": "message",
              "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {
                  "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                  "type": "AdaptiveCard",
                  "version": "1.4",
                  "body": [
                    { "type": "TextBlock", "text": "{{title}}", "weight": "Bolder", "size": "Medium", "wrap": true },
                    { "type": "TextBlock", "text": "{{paragraphs (shorten body 10000)}}", "wrap": true }
                  ],
                  "actions": [{{#each links}}{{#unless @first}}, {{/unless}}{ "type": "Action.OpenUrl", "title": "{{label}}", "url": "{{url}}" }{{/each}}]
                }
              }]
            }
            """),

        new("google-chat", "Google Chat",
            "https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=… (the space → Apps & integrations → Webhooks)", null,
            """
            {
              "text": "*{{noMentions title}}*\n```\n{{noMentions (shorten body 3500)}}\n```{{#each links}}\n<{{url}}|{{label}}>{{/each}}"
            }
            """),

        new("mattermost", "Mattermost",
            "https://mattermost.example.com/hooks/… (Integrations → Incoming Webhooks)", null,
            """
            {
              "text": "#### {{noMentions title}}\n```\n{{noMentions (shorten body 4000)}}\n```{{#each links}}\n[{{label}}]({{url}}){{/each}}"
            }
            """),

        new("gotify", "Gotify",
            "https://gotify.example.com/message (your server's address and /message)", "X-Gotify-Key: the token of an application (Apps → Create application)",
            """
            {
              "title": "{{title}}",
              "message": "{{body}}{{#each links}}\n\n{{label}}: {{url}}{{/each}}",
              "priority": {{priority}},
              "extras": { "client::display": { "contentType": "text/plain" } }
            }
            """),

        new("apprise", "Apprise API (and through it Pushover, Matrix, Signal, SMS and a hundred more)",
            "http://apprise:8000/notify/{key}: your Apprise API's address, with the key of a configuration saved in it in place of {key} (its URLs say where the notice goes)", null,
            """
            {
              "title": "{{title}}",
              "body": "{{body}}{{#each links}}\n\n{{label}}: {{url}}{{/each}}",
              "type": "{{map kind system="info"}}",
              "format": "text"
            }
            """),

        new("telegram", "Telegram",
            "https://api.telegram.org/bot{token}/sendMessage, with the token BotFather gave in place of {token}; in the body, replace CHAT ID with the chat's id (a number such as -1001234567890, or @channelname)", null,
            """
            {
              "chat_id": "CHAT ID",
              "text": "{{title}}\n\n{{shorten body 3500}}{{#each links}}\n{{label}}: {{url}}{{/each}}",
              "link_preview_options": { "is_disabled": true }
            }
            """, Placeholder: "CHAT ID"),
    ];
}
