using NotifyOrleans.Domain;
using HandlebarsDotNet;

namespace NotifyOrleans.Infrastructure.Channels.Webhook;

/// <summary>
/// What a body template may do to a value beyond writing it, for services with rules of their own
/// (<see cref="WebhookPresets"/>). Each returns text, which is then JSON-escaped like any value, so
/// they nest: <c>{{escapeSlack (shorten body 3000)}}</c>.
/// </summary>
public static class WebhookHelpers
{
    /// <summary>For the template check's message, after the variables.</summary>
    public const string Described = "Helpers: {{shorten body 3000}} (at most that many characters: the first paragraph and the end, where a log's error is) "
        + "{{escapeSlack title}} (&, < and > as Slack's text needs them), {{noMentions title}} (@channel, <users/all> and ``` shown, not obeyed), {{paragraphs body}} (each line a paragraph, for Markdown that runs lines together, as Teams' cards do) "
        + "and {{map kind system=\"info\"}} (a value written as the service names it, here the kind system as info; other values as they are).";

    public static void Register(IHandlebars handlebars)
    {
        // Telegram refuses a text over 4,096 characters and Slack's sections over 3,000: a notice that
        // was refused would be lost, where a shortened one says what failed.
        handlebars.RegisterHelper("shorten", (context, arguments) =>
        {
            if (arguments.Length != 2 || !int.TryParse(arguments[1]?.ToString(), out var room) || room < 1)
                throw new HandlebarsException("shorten takes a value and a number of characters, as in {{shorten body 3000}}.");
            return ShortenedBody.Fit(arguments[0]?.ToString() ?? "", room, text => text.Length);
        });

        // Slack reads <…> as a link or a mention (<!channel> in an error message would call everyone)
        // and &…; as an entity; escaped, they show as written.
        handlebars.RegisterHelper("escapeSlack", (context, arguments) =>
        {
            if (arguments.Length != 1) throw new HandlebarsException("escapeSlack takes one value, as in {{escapeSlack title}}.");
            return (arguments[0]?.ToString() ?? "").Replace("&", "&amp;", StringComparison.Ordinal)
                .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        });

        // Mattermost and Google Chat have no escape for a mention: "@channel" in a job's name or a log,
        // or "<users/all>", would call everyone, and a log's own ``` would end the code block the body
        // sits in. A zero-width space after "@" and "<" and between backticks keeps them as text.
        handlebars.RegisterHelper("noMentions", (context, arguments) =>
        {
            if (arguments.Length != 1) throw new HandlebarsException("noMentions takes one value, as in {{noMentions title}}.");
            return (arguments[0]?.ToString() ?? "").Replace("@", "@\u200B", StringComparison.Ordinal)
                .Replace("<", "<\u200B", StringComparison.Ordinal).Replace("`", "`\u200B", StringComparison.Ordinal);
        });

        // Teams reads a card's text as Markdown, where lines with one line break between them run
        // together: a log of 40 lines would read as one. A paragraph each keeps them apart.
        handlebars.RegisterHelper("paragraphs", (context, arguments) =>
        {
            if (arguments.Length != 1) throw new HandlebarsException("paragraphs takes one value, as in {{paragraphs body}}.");
            return string.Join("\n\n", (arguments[0]?.ToString() ?? "").Replace("\r\n", "\n").Split('\n').Where(line => line.Trim().Length > 0));
        });

        // A service with words of its own for what a notice is about (Apprise's type is info, success,
        // warning or failure, and has no "system"): the value's word for it, else the value as it is.
        handlebars.RegisterHelper("map", (context, arguments) =>
        {
            // Handlebars passes the name="value" pairs as one more argument, after the value.
            if (arguments.Length != 2 || arguments.Hash.Count == 0)
                throw new HandlebarsException("map takes a value and what to write for some of its values, as in {{map kind system=\"info\"}}.");
            var value = arguments[0]?.ToString() ?? "";
            return arguments.Hash.TryGetValue(value, out var written) ? written?.ToString() ?? "" : value;
        });
    }
}
