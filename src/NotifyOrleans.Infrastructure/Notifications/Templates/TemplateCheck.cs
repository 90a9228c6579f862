using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace NotifyOrleans.Infrastructure.Notifications.Templates;

/// <summary>
/// What is wrong with a template before it is saved: a Handlebars syntax error, a variable or
/// helper that does not exist (Handlebars itself would render it as nothing, silently), a priority
/// or tag ntfy would refuse. Each problem names its field (title, body, priority, tags).
/// </summary>
public static partial class TemplateCheck
{
    public const int MaxTags = 10;

    /// <summary>Configured as <see cref="TemplateRenderer"/>'s; compiling only, so one serves every check.</summary>
    private static readonly IHandlebars Compiler = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });

    public static List<(string Field, string Message)> Problems(TemplateDraft draft)
    {
        var problems = new List<(string, string)>();
        CheckSource("title", "title", draft.Title, TemplateVersion.TitleMaxLength, problems);
        CheckSource("body", "text", draft.Body, TemplateVersion.BodyMaxLength, problems);
        if (draft.Priority is < 1 or > 5) problems.Add(("priority", "The priority is 1 (min) to 5 (urgent)."));
        var tags = draft.TagList;
        if (tags.Count > MaxTags) problems.Add(("tags", $"At most {MaxTags} tags."));
        else if (tags.FirstOrDefault(t => !TagPattern().IsMatch(t)) is { } bad)
            problems.Add(("tags", $"The tag \"{bad}\" is not a tag: letters, digits, _ + and -, up to 40 (ntfy shows emoji names like white_check_mark as emoji)."));
        return problems;
    }

    /// <param name="label">The field as the editor names it ("text" for the body).</param>
    private static void CheckSource(string field, string label, string source, int maxLength, List<(string, string)> problems)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            problems.Add((field, $"The {label} cannot be empty."));
            return;
        }

        if (source.Length > maxLength)
        {
            problems.Add((field, $"The {label} is at most {maxLength:N0} characters; this one has {source.Length:N0}."));
            return;
        }

        if (Unknown(source) is { } unknown)
        {
            problems.Add((field, unknown));
            return;
        }

        try
        {
            Compiler.Compile(source);
        }
        catch (HandlebarsException exception)
        {
            problems.Add((field, $"Syntax error: {exception.Message}"));
        }
    }

    /// <summary>The first name in a {{…}} that is neither a variable nor a known helper, in words; null when all are known.</summary>
    private static string? Unknown(string source)
    {
        foreach (Match match in Mustache().Matches(source))
        {
            var expression = match.Groups["expression"].Value.Trim().Trim('~').Trim();
            if (expression.StartsWith('!')) continue; // a comment
            if (expression.StartsWith('>')) return $"\"{match.Value}\": partials are not available in templates.";
            var words = Words().Matches(expression).Select(m => m.Value).ToList();
            if (words.Count == 0) return $"\"{match.Value}\" is empty: write a variable's name between the braces.";
            var first = words[0];
            if (first.StartsWith('#') || first.StartsWith('/'))
            {
                var helper = first[1..];
                if (!TemplateVariables.Helpers.Contains(helper))
                    return $"Unknown helper \"{helper}\" in \"{match.Value}\": use #if or #unless.";
                words.RemoveAt(0);
            }
            else if (first is "else" or "^") words.RemoveAt(0);

            foreach (var word in words.Where(w => !w.StartsWith('"') && !w.StartsWith('\'') && !double.TryParse(w, out _)))
            {
                var name = word.Split('.')[0];
                if (!TemplateVariables.Names.Contains(name))
                    return $"Unknown variable \"{name}\" in \"{match.Value}\". The variables are listed under Variables.";
                if (word != name) return $"\"{match.Value}\": {name} is a plain value with no parts; write {{{{{name}}}}}.";
            }
        }

        return null;
    }

    [GeneratedRegex(@"\{\{\{?(?<expression>[^{}]*)\}?\}\}")]
    private static partial Regex Mustache();

    [GeneratedRegex(@"""[^""]*""|'[^']*'|[^\s]+")]
    private static partial Regex Words();

    [GeneratedRegex(@"^[A-Za-z0-9_+\-]{1,40}$")]
    private static partial Regex TagPattern();
}

/// <summary>A template as the editor holds it, before it is checked and saved.</summary>
public sealed record TemplateDraft(string Title, string Body, int Priority, string Tags)
{
    public IReadOnlyList<string> TagList => SplitTags(Tags);

    public static IReadOnlyList<string> SplitTags(string tags) => tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static TemplateDraft Of(NotificationTemplate template) =>
        new(template.Title, template.Body, template.Priority, string.Join(", ", template.Tags ?? []));

    public NotificationTemplate ToTemplate(string eventType, Domain.Notifications.NotificationKind kind) =>
        new(eventType, kind, Title, Body, Priority, [.. TagList]);

    /// <summary>As a version stores it: text trimmed, tags joined by commas without spaces.</summary>
    public TemplateDraft Normalized() => new(Title.Trim(), Body.Trim(), Priority, string.Join(",", TagList));
}
