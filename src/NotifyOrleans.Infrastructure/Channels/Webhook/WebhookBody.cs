using System.Text.Encodings.Web;
using System.Text.Json;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Webhook;

/// <summary>
/// The JSON a webhook receives: a documented default, or the admin's Handlebars template in
/// which every value is JSON-escaped (so a quote in an error message cannot break the body).
/// </summary>
public static class WebhookBody
{
    private static readonly IHandlebars Handlebars = CreateEnvironment(strict: false);

    /// <summary>For <see cref="Check"/>: the same, but a name that resolves to nothing throws instead of writing nothing.</summary>
    private static readonly IHandlebars Strict = CreateEnvironment(strict: true);

    public static HandlebarsTemplate<object, object> Compile(string template) => Handlebars.Compile(template);

    /// <summary>
    /// Why a body template cannot be used, or null: it must compile, name only variables a notice
    /// has (Handlebars would write a misspelt one as nothing, at every send), and what it renders
    /// must be JSON (receivers are sent <c>application/json</c>), shown by rendering a sample notice
    /// that has every field. (Quotes and line breaks in real values cannot break it: every value is
    /// JSON-escaped, unless written with three braces, which the sample's quotes show.)
    /// </summary>
    public static string? Check(string template)
    {
        string body;
        try { body = Strict.Compile(template)(Model(Sample)); }
        catch (HandlebarsUndefinedBindingException exception)
        {
            return $"The body template names \"{exception.Path}\", which a notice does not have. The variables are {string.Join(", ", Values)}; "
                + $"fields.<name> for {string.Join(", ", TemplateRenderer.FieldNames)} (fields.[IP address] for a name with a space); "
                + "and links, whose label and url {{#each links}} reads. "
                + WebhookHelpers.Described;
        }
        catch (Exception exception) { return $"The body template does not compile: {exception.Message}"; }
        try
        {
            using var _ = JsonDocument.Parse(body);
            return null;
        }
        catch (JsonException exception)
        {
            // Handlebars' values are the insides of JSON strings: the template supplies the quotes.
            var unescaped = template.Contains("{{{", StringComparison.Ordinal)
                ? " {{{title}}} writes a value without escaping it, and a quote or a line break in it breaks the JSON: write {{title}}."
                : "";
            return $"The body template does not make JSON ({Fault(exception)}): a value such as {{{{title}}}} goes inside quotes, \"{{{{title}}}}\".{unescaped}{Where(body, exception)}";
        }
    }

    /// <summary>The parser's first sentence, with a control character named as people call it, not '0x0A'.</summary>
    private static string Fault(JsonException exception) => exception.Message.Split(". ")[0]
        .Replace("'0x0A' is invalid within a JSON string", "a line break inside a string", StringComparison.Ordinal)
        .Replace("'0x0D' is invalid within a JSON string", "a carriage return inside a string", StringComparison.Ordinal)
        .Replace("'0x09' is invalid within a JSON string", "a tab inside a string", StringComparison.Ordinal);

    /// <summary>The line of the sample body the parser stopped in, counted from 1 (a form shows line breaks as spaces).</summary>
    private static string Where(string body, JsonException exception)
    {
        var lines = body.Split('\n');
        var index = (int)Math.Clamp(exception.LineNumber ?? 0, 0, lines.Length - 1);
        var line = lines[index].TrimEnd('\r');
        return $" It made, on line {index + 1}: {(line.Length > 200 ? StoredText.Cut(line, 200) + "…" : line)}";
    }

    /// <summary>
    /// Accents, most emoji and &lt;&amp;&gt; as themselves, not <c>\u274C</c>: the body is JSON for a
    /// receiver, never embedded in HTML, and people read it in logs and the preview. (Quotes,
    /// backslashes and control characters are still escaped, as JSON requires; System.Text.Json also
    /// always escapes characters beyond the basic plane, so 🔔 goes as <c>\uD83D\uDD14</c>, which
    /// every JSON reader reads back as 🔔.)
    /// </summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A notice with every field a notice can have, so that a template naming any of them renders;
    /// its values have the quotes, backslashes and line breaks real ones have (an error message, a
    /// Windows path), so that a value written unescaped ({{{body}}}) fails here, not at every send.
    /// </summary>
    private static readonly NotificationMessage Sample = new("backup.failure", NotificationKind.Failure, "Backup \"Documents\" failed",
        "The backup failed:\n\nDisk full on C:\\Data.", null, [.. TemplateRenderer.FieldNames.Select(name => new MessageField(name, "a \"sample\"\nvalue"))],
        [new MessageLink("Open the job", "https://hub.example/jobs/nas-01/documents")], new DateTimeOffset(2026, 11, 22, 1, 4, 0, TimeSpan.Zero), 4);

    /// <summary>The plain values of <see cref="Model"/>, as the check's message lists them (fields and links have parts).</summary>
    private static readonly IReadOnlyList<string> Values = [.. Model(Sample).Keys.Except(["fields", "links"])];

    public static string Render(NotificationMessage message, string? template)
    {
        var model = Model(message);
        return string.IsNullOrWhiteSpace(template)
            ? JsonSerializer.Serialize(model, Json)
            : Compile(template)(model);
    }

    private static Dictionary<string, object?> Model(NotificationMessage message) =>
        new()
        {
            ["eventType"] = message.EventType,
            ["kind"] = message.Kind.ToString().ToLowerInvariant(),
            ["title"] = message.Title,
            ["body"] = message.Body,
            ["occurredAt"] = message.OccurredAt.UtcDateTime.ToString("O"),
            ["priority"] = message.Priority,
            ["fields"] = message.Fields.ToDictionary(f => f.Name, f => f.Value),
            ["links"] = message.Links.Select(l => new Dictionary<string, string> { ["label"] = l.Label, ["url"] = l.Url }).ToList(),
        };

    private static IHandlebars CreateEnvironment(bool strict)
    {
        var handlebars = HandlebarsDotNet.Handlebars.Create(new HandlebarsConfiguration
        {
            // {{title}} writes a JSON string's inside: the template supplies the quotes.
            TextEncoder = new JsonStringEncoder(),
            ThrowOnUnresolvedBindingExpression = strict,
        });
        WebhookHelpers.Register(handlebars);
        return handlebars;
    }

    private sealed class JsonStringEncoder : ITextEncoder
    {
        public void Encode(System.Text.StringBuilder? text, TextWriter target) => Encode(text?.ToString(), target);

        public void Encode(string? text, TextWriter target)
        {
            var quoted = JsonSerializer.Serialize(text ?? "", Json);
            target.Write(quoted.AsSpan(1, quoted.Length - 2));
        }

        public void Encode<T>(T? text, TextWriter target) where T : IEnumerator<char>
        {
            var builder = new System.Text.StringBuilder();
            while (text is not null && text.MoveNext()) builder.Append(text.Current);
            Encode(builder.ToString(), target);
        }
    }
}
