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
        + "and {{escapeSlack title}} (&, < and > as Slack's text needs them).";

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
    }
}
