using System.Collections.Concurrent;
using HandlebarsDotNet;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Notifications.Templates;

namespace NotifyOrleans.Infrastructure.Notifications;

/// <summary>
/// Turns an event type and its context into a <see cref="NotificationMessage"/> with Handlebars,
/// from the template in use (<see cref="TemplateStore"/>: the admin's, else the built-in one).
/// Output is plain text (no HTML escaping here): each channel escapes for its own format.
/// </summary>
public sealed class TemplateRenderer(TemplateStore store)
{
    private readonly IHandlebars _handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });

    /// <summary>Templates in use, compiled once per source text (a new version is a new source).</summary>
    private readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> _compiled = new();

    public NotificationMessage Render(string eventType, NotificationContext context) => Render(store.For(eventType), context, Compile);

    /// <summary>A draft as it would render (the editor's preview): compiled each time, never kept.</summary>
    public NotificationMessage Preview(NotificationTemplate draft, NotificationContext context) => Render(draft, context, _handlebars.Compile);

    private static NotificationMessage Render(NotificationTemplate template, NotificationContext context, Func<string, HandlebarsTemplate<object, object>> compile)
    {
        var variables = context.ToVariables();
        return new NotificationMessage(
            template.EventType,
            template.Kind,
            compile(template.Title)(variables).Trim(),
            compile(template.Body)(variables).Trim(),
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
