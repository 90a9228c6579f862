using System.Collections.Concurrent;
using System.Net;
using HandlebarsDotNet;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Notifications.Templates;

namespace NotifyOrleans.Infrastructure.Notifications;

/// <summary>
/// Turns an event type and its context into a <see cref="NotificationMessage"/> with Handlebars,
/// from the template in use (<see cref="TemplateStore"/>: the admin's, else the built-in one), with
/// each kind of channel's own wording where an admin wrote one (<see cref="NotificationMessage.Variants"/>).
/// Output is plain text (no HTML escaping here): each channel escapes for its own format. The one
/// exception is an Email wording's HTML body, which is HTML: its variables are HTML-escaped.
/// </summary>
public sealed class TemplateRenderer(TemplateStore store)
{
    private readonly IHandlebars _handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
    private readonly IHandlebars _html = Handlebars.Create();

    /// <summary>Templates in use, compiled once per source text (a new version is a new source).</summary>
    private readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> _compiled = new();
    private readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> _compiledHtml = new();

    public NotificationMessage Render(string eventType, NotificationContext context) =>
        Render(store.For(eventType), store.Wordings(eventType), context, new Compilers(Compile, CompileHtml));

    /// <summary>
    /// A draft as it would render (the editor's preview): for all channels (<paramref name="channel"/>
    /// null) or as one kind's wording, beside the wordings in use. Compiled each time, never kept.
    /// </summary>
    public NotificationMessage Preview(string eventType, ChannelKind? channel, TemplateDraft draft, NotificationContext context)
    {
        var kind = DefaultTemplates.ByEventType[eventType].Kind;
        var shared = channel is null ? draft.ToTemplate(eventType, kind) : store.For(eventType);
        var wordings = store.Wordings(eventType).ToDictionary();
        if (channel is { } own) wordings[own] = draft;
        return Render(shared, wordings, context, new Compilers(_handlebars.Compile, _html.Compile));
    }

    private sealed record Compilers(Func<string, HandlebarsTemplate<object, object>> Text, Func<string, HandlebarsTemplate<object, object>> Html);

    private static NotificationMessage Render(NotificationTemplate template, IReadOnlyDictionary<ChannelKind, TemplateDraft> wordings, NotificationContext context, Compilers compile)
    {
        var variables = context.ToVariables();
        var body = compile.Text(template.Body)(variables).Trim();
        var variants = wordings.Count == 0 ? null : wordings.ToDictionary(w => w.Key, w => Variant(w.Key, w.Value, variables, compile));
        // What each wording says, as text: an HTML body says an error with its quotes and <>& escaped.
        var bodies = variants?.Values.Select(v => v.HtmlBody is { } html ? WebUtility.HtmlDecode(html) : v.Body).Append(body).ToList() ?? [body];
        return new NotificationMessage(
            template.EventType,
            template.Kind,
            compile.Text(template.Title)(variables).Trim(),
            body,
            HtmlBody: null,
            FieldsOf(variables, bodies),
            LinksOf(context),
            context.Timestamp,
            template.Priority,
            template.Tags,
            variants,
            context.Zone?.Id);
    }

    /// <summary>One kind's wording, with only the parts that kind has (<see cref="TemplateParts"/>).</summary>
    private static MessageVariant Variant(ChannelKind channel, TemplateDraft wording, IReadOnlyDictionary<string, object?> variables, Compilers compile) => new(
        compile.Text(wording.Title)(variables).Trim(),
        compile.Text(wording.Body)(variables).Trim(),
        HtmlBody: TemplateParts.HasHtmlBody(channel) && wording.HtmlBody is { Length: > 0 } html ? compile.Html(html)(variables).Trim() : null,
        Fields: TemplateParts.HasFields(channel) && wording.Fields is { Length: > 0 } fields ? FieldsOf(fields, variables, compile.Text) : null,
        Priority: channel == ChannelKind.Ntfy ? wording.Priority : null,
        Tags: channel == ChannelKind.Ntfy ? wording.TagList : null);

    /// <summary>An admin's embed fields: a field whose value renders empty is left out, a long one takes the embed's width.</summary>
    private static List<MessageField> FieldsOf(string fields, IReadOnlyDictionary<string, object?> variables, Func<string, HandlebarsTemplate<object, object>> compile) =>
        TemplateDraft.FieldLinesOf(fields)
            .Where(line => line.Name is not null)
            .Select(line => new MessageField(line.Name!, compile(line.Value)(variables).Trim()))
            .Where(field => field.Value.Length > 0)
            .Select(field => field with { Inline = field.Value.Length <= WideFieldLength && !field.Value.Contains('\n') })
            .ToList();

    /// <summary>Longer values read badly three to a row in an embed.</summary>
    private const int WideFieldLength = 40;

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

    private HandlebarsTemplate<object, object> CompileHtml(string source) => _compiledHtml.GetOrAdd(source, _html.Compile);

    /// <summary>
    /// The structured fields every channel shows, in order: each field's name, the variable it
    /// shows, and whether it is short enough to sit beside others.
    /// </summary>
    private static readonly (string Name, string Variable, bool Inline)[] Fields =
    [
        ("Server", "serverName", true),
        ("Backup", "backupName", true),
        ("Status", "status", true),
        ("Duration", "duration", true),
        ("Size", "size", true),
        ("Files", "fileCount", true),
        ("User", "userEmail", true),
        // Before the address and browser: on a user created by an admin they are the admin's, not the new user's.
        ("By", "actorEmail", true),
        ("IP address", "ipAddress", true),
        ("Browser", "userAgent", false),
        ("Last run", "lastRun", true),
        ("Expected by", "expectedAt", true),
        ("Down since", "downSince", true),
        ("Down for", "downFor", true),
        ("Running since", "runningSince", true),
        ("Acknowledged", "acknowledged", false),
        ("Error", "errorDetails", false),
        ("Notes", "notes", false),
    ];

    /// <summary>The names of the fields a notice can have (a webhook's body template reads them as <c>fields.Name</c>).</summary>
    public static IEnumerable<string> FieldNames => Fields.Select(f => f.Name);

    /// <summary>
    /// The fields of <see cref="Fields"/> the event has. A long one that every body of the message
    /// says in full (the built-in failure text ends with the error) is marked, not dropped: readers
    /// are not told it twice, and a webhook's receiver still finds it under its name.
    /// </summary>
    private static IReadOnlyList<MessageField> FieldsOf(IReadOnlyDictionary<string, object?> variables, IReadOnlyList<string> bodies) =>
        Fields
            .Select(field => (field.Name, Text: variables[field.Variable]?.ToString() ?? "", field.Inline))
            .Where(field => !string.IsNullOrWhiteSpace(field.Text))
            .Select(field => new MessageField(field.Name, field.Text, field.Inline,
                SaidInBody: !field.Inline && bodies.All(body => body.Contains(field.Text, StringComparison.Ordinal))))
            .ToList();
}
