using System.Collections.Concurrent;
using HandlebarsDotNet;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Notifications;

/// <summary>
/// Turns an event type and its context into a <see cref="NotificationMessage"/> with Handlebars.
/// Output is plain text (no HTML escaping here): each channel escapes for its own format.
/// </summary>
public sealed class TemplateRenderer
{
    private readonly IHandlebars _handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
    private readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> _compiled = new();

    public NotificationMessage Render(string eventType, NotificationContext context)
    {
        var template = DefaultTemplates.ByEventType.TryGetValue(eventType, out var found)
            ? found
            : throw new ArgumentException($"No template for event type '{eventType}'.", nameof(eventType));
        var variables = context.ToVariables();
        return new NotificationMessage(
            eventType,
            template.Kind,
            Compile(template.Title)(variables).Trim(),
            Compile(template.Body)(variables).Trim(),
            HtmlBody: null,
            FieldsOf(context),
            LinksOf(context),
            context.Timestamp,
            template.Priority,
            template.Tags);
    }

    /// <summary>Acknowledge first: on ntfy it is the button, in Discord the one link shown.</summary>
    private static List<MessageLink> LinksOf(NotificationContext context)
    {
        var links = new List<MessageLink>();
        if (context.AcknowledgeUrl is { } acknowledge) links.Add(new MessageLink("Acknowledge", acknowledge, Acts: true));
        if (context.JobUrl is { } job) links.Add(new MessageLink("Open in NotifyOrleans", job));
        if (context.ConsoleUrl is { } console) links.Add(new MessageLink("Open NotifyOrleans", console));
        return links;
    }

    private HandlebarsTemplate<object, object> Compile(string source) => _compiled.GetOrAdd(source, _handlebars.Compile);

    /// <summary>The structured fields every channel shows: only those the event has.</summary>
    private static IReadOnlyList<MessageField> FieldsOf(NotificationContext context)
    {
        var variables = context.ToVariables();
        var fields = new List<MessageField>();
        void Add(string name, string key, bool inline = true)
        {
            if (variables[key] is { } value && value.ToString() is { Length: > 0 } text) fields.Add(new MessageField(name, text, inline));
        }

        Add("Server", "serverName");
        Add("Backup", "backupName");
        Add("Status", "status");
        Add("Duration", "duration");
        Add("Size", "size");
        Add("Files", "fileCount");
        Add("User", "userEmail");
        Add("IP address", "ipAddress");
        Add("Browser", "userAgent", inline: false);
        Add("By", "actorEmail");
        Add("Last run", "lastRun");
        Add("Expected by", "expectedAt");
        Add("Down since", "downSince");
        Add("Running since", "runningSince");
        Add("Error", "errorDetails", inline: false);
        return fields;
    }
}
