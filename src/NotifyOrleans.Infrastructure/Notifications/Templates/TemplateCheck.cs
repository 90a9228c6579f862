using System.Text.RegularExpressions;
using HandlebarsDotNet;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Notifications.Templates;

/// <summary>
/// What is wrong with a template before it is saved: a Handlebars syntax error, a variable or
/// helper that does not exist (Handlebars itself would render it as nothing, silently), a priority
/// or tag ntfy would refuse, an embed field line without its name. Each problem names its field
/// (title, body, priority, tags, htmlBody, fields). Only the parts the wording has are checked
/// (<see cref="TemplateParts"/>).
/// </summary>
public static partial class TemplateCheck
{
    public const int MaxTags = 10;

    /// <summary>Discord's limits: 25 fields to an embed, 256 characters to a field's name.</summary>
    public const int MaxFields = 25, FieldNameMaxLength = 256;

    /// <summary>Configured as <see cref="TemplateRenderer"/>'s; compiling only, so one serves every check.</summary>
    private static readonly IHandlebars Compiler = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });

    /// <param name="channel">The kind of channel the wording is for; null for all channels.</param>
    /// <param name="eventType">The event the template words (its variables, <see cref="TemplateVariables.Of"/>); null: any variable.</param>
    public static List<(string Field, string Message)> Problems(TemplateDraft draft, ChannelKind? channel = null, string? eventType = null)
    {
        var problems = new List<(string, string)>();
        var variables = eventType is null ? TemplateVariables.Names : TemplateVariables.Of(eventType);
        CheckSource("title", "title", draft.Title, TemplateVersion.TitleMaxLength, variables, problems);
        CheckSource("body", "text", draft.Body, TemplateVersion.BodyMaxLength, variables, problems);
        if (TemplateParts.HasPriorityAndTags(channel)) CheckPriorityAndTags(draft, problems);
        if (TemplateParts.HasHtmlBody(channel) && !string.IsNullOrWhiteSpace(draft.HtmlBody))
        {
            CheckSource("htmlBody", "HTML body", draft.HtmlBody, TemplateVersion.HtmlBodyMaxLength, variables, problems);
            // {{{x}}} writes the value unescaped: a backup's error text, a job name, could put HTML (a link, a form) into the mail.
            if (Comment().Replace(draft.HtmlBody, "") is var html && TripleStash().Match(html) is { Success: true } raw && problems.All(p => p.Item1 != "htmlBody"))
                problems.Add(("htmlBody", $"\"{raw.Value}\" writes the value without HTML escaping: text from a backup report could put markup into the mail. Write {{{{{raw.Groups["name"].Value.Trim()}}}}}."));
        }
        if (TemplateParts.HasFields(channel) && !string.IsNullOrWhiteSpace(draft.Fields)) CheckFields(draft.Fields, variables, problems);
        return problems;
    }

    private static void CheckPriorityAndTags(TemplateDraft draft, List<(string, string)> problems)
    {
        if (draft.Priority is < 1 or > 5) problems.Add(("priority", "The priority is 1 (min) to 5 (urgent)."));
        var tags = draft.TagList;
        if (tags.Count > MaxTags) problems.Add(("tags", $"At most {MaxTags} tags."));
        else if (tags.FirstOrDefault(t => !TagPattern().IsMatch(t)) is { } bad)
            problems.Add(("tags", $"The tag \"{bad}\" is not a tag: letters, digits, _ + and -, up to 40 (ntfy shows emoji names like white_check_mark as emoji)."));
    }

    /// <summary>A line each, <c>Name = value</c>: the first problem found, with its line number.</summary>
    private static void CheckFields(string fields, IReadOnlySet<string> variables, List<(string, string)> problems)
    {
        if (fields.Length > TemplateVersion.FieldsMaxLength)
        {
            problems.Add(("fields", $"The fields are at most {TemplateVersion.FieldsMaxLength:N0} characters; these have {fields.Length:N0}."));
            return;
        }

        var lines = TemplateDraft.FieldLinesOf(fields);
        if (lines.Count > MaxFields)
        {
            problems.Add(("fields", $"At most {MaxFields} fields (Discord shows no more); these are {lines.Count}."));
            return;
        }

        foreach (var (number, name, value) in lines)
        {
            var where = $"Line {number}";
            if (name is null) problems.Add(("fields", $"{where}: write the field's name, then = and its value: Server = {{{{serverName}}}}."));
            else if (name.Length > FieldNameMaxLength) problems.Add(("fields", $"{where}: a field's name is at most {FieldNameMaxLength} characters."));
            else if (name.Contains("{{", StringComparison.Ordinal)) problems.Add(("fields", $"{where}: the name is plain text; variables go after the =."));
            else
            {
                var found = new List<(string, string)>();
                CheckSource("fields", "value", value, TemplateVersion.FieldsMaxLength, variables, found);
                problems.AddRange(found.Select(p => (p.Item1, $"{where} ({name}): {p.Item2}")));
            }

            if (problems.Count > 0 && problems[^1].Item1 == "fields") return;
        }
    }

    /// <param name="label">The field as the editor names it ("text" for the body).</param>
    private static void CheckSource(string field, string label, string source, int maxLength, IReadOnlySet<string> variables, List<(string, string)> problems)
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

        if (Unknown(source, variables) is { } unknown)
        {
            problems.Add((field, unknown));
            return;
        }

        try
        {
            Compiler.Compile(source);
        }
        // Whatever the compiler throws is about the text (a bare {{#if}} threw InvalidOperationException).
        catch (Exception exception)
        {
            // Handlebars counts lines from 0 (its column is the character's, from 1).
            var message = Position().Replace(exception.Message, at => $" (line {int.Parse(at.Groups["line"].Value) + 1}, column {at.Groups["column"].Value}).");
            problems.Add((field, $"Syntax error: {message.Trim()}"));
        }
    }

    /// <summary>" on line 3" for a text of several lines; nothing for a one-line text.</summary>
    private static string OnLine(string source, int index) =>
        source.Contains('\n') ? $" on line {source.AsSpan(0, index).Count('\n') + 1}" : "";

    /// <summary>
    /// The first problem of the text's {{…}}, in words: a name that is neither a variable nor a known
    /// helper, a variable this event has no value for, an expression closed with one brace, or a block
    /// left open, closed by another's end, or testing nothing; null when there is none.
    /// </summary>
    private static string? Unknown(string source, IReadOnlySet<string> variables)
    {
        // A comment may quote an old expression ({{!-- was {{bakup}} --}}): it renders as nothing, so it is
        // not read. It is blanked, not removed: what follows it keeps its line number.
        var text = Comment().Replace(source, comment => NotNewLine().Replace(comment.Value, " "));
        // Handlebars says only "Reached unparseable token in expression".
        if (OneClosingBrace().Match(text) is { Success: true } halfClosed)
            return $"Syntax error{OnLine(text, halfClosed.Index)}: \"{halfClosed.Value}\" is closed with one brace: write {halfClosed.Value}}}.";
        var open = new Stack<(string Helper, string Text, int Index)>();
        foreach (Match match in Mustache().Matches(text))
        {
            var expression = match.Groups["expression"].Value.Trim().Trim('~').Trim();
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
                if (BlockProblem(text, match, helper, opens: first.StartsWith('#'), words.Count, open) is { } block) return block;
            }
            else if (first is "else" or "^") words.RemoveAt(0);
            else if (words.Count > 1 && !TemplateVariables.Names.Contains(first))
                return $"Unknown helper \"{first}\" in \"{match.Value}\": write a variable's name alone, or use #if or #unless.";

            foreach (var word in words.Where(w => !w.StartsWith('"') && !w.StartsWith('\'') && !double.TryParse(w, out _)))
            {
                if (word.StartsWith('.') || word.Contains('/'))
                    return $"\"{match.Value}\": a path ({word}) reads nothing here, every variable is at the top: write {{{{{word.Split('/', '.').LastOrDefault(part => part.Length > 0) ?? "serverName"}}}}}.";
                var name = word.Split('.')[0];
                if (!TemplateVariables.Names.Contains(name))
                    return $"Unknown variable \"{name}\" in \"{match.Value}\". The variables are listed under Variables.";
                if (!variables.Contains(name))
                    return $"\"{match.Value}\": this event's notices have no {name}, so it would always be empty. Its variables are listed under Variables.";
                if (word != name) return $"\"{match.Value}\": {name} is a plain value with no parts; write {{{{{name}}}}}.";
            }
        }

        return open.TryPop(out var unclosed)
            ? $"Syntax error{OnLine(text, unclosed.Index)}: \"{unclosed.Text}\" is never closed: end it with {{{{/{unclosed.Helper}}}}}."
            : null;
    }

    /// <summary>
    /// A block that tests nothing, or is closed by another's end or by none: said with the line of
    /// the expression (Handlebars says only "a closing element … was found", without where).
    /// </summary>
    private static string? BlockProblem(string text, Match match, string helper, bool opens, int arguments, Stack<(string Helper, string Text, int Index)> open)
    {
        var at = $"Syntax error{OnLine(text, match.Index)}";
        if (opens)
        {
            if (arguments == 0) return $"{at}: \"{match.Value}\" needs a variable to test: {{{{#{helper} errorDetails}}}}.";
            open.Push((helper, match.Value, match.Index));
            return null;
        }

        if (!open.TryPop(out var block)) return $"{at}: \"{match.Value}\" closes nothing: there is no {{{{#{helper} …}}}} before it.";
        return block.Helper == helper ? null
            : $"{at}: \"{match.Value}\" would close \"{block.Text}\"{OnLine(text, block.Index)}: end that with {{{{/{block.Helper}}}}}.";
    }

    [GeneratedRegex(@"\{\{\{?(?<expression>[^{}]*)\}?\}\}")]
    private static partial Regex Mustache();

    /// <summary>"{{serverName}" not followed by a second brace (nor part of "{{{x}}}").</summary>
    [GeneratedRegex(@"\{\{[^{}]*\}(?!\})")]
    private static partial Regex OneClosingBrace();

    [GeneratedRegex(@"\{\{\{(?<name>[^{}]*)\}\}\}")]
    private static partial Regex TripleStash();

    /// <summary>Handlebars' comments: <c>{{!-- … --}}</c> (which may hold braces) and <c>{{! … }}</c>.</summary>
    [GeneratedRegex(@"\{\{~?!--.*?--~?\}\}|\{\{~?![^}]*\}\}", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"[^\n]")]
    private static partial Regex NotNewLine();

    /// <summary>Where Handlebars' parser says it stopped: "… closed.\n\nOccured at: 2:8" (its spelling).</summary>
    [GeneratedRegex(@"\.?\s*Occured at:\s*(?<line>\d+):(?<column>\d+)\s*$")]
    private static partial Regex Position();

    [GeneratedRegex(@"""[^""]*""|'[^']*'|[^\s]+")]
    private static partial Regex Words();

    [GeneratedRegex(@"^[A-Za-z0-9_+\-]{1,40}$")]
    private static partial Regex TagPattern();
}

/// <summary>A template as the editor holds it, before it is checked and saved.</summary>
/// <param name="HtmlBody">The email's HTML body (Email wording); empty: the text, laid out by the email channel.</param>
/// <param name="Fields">Discord embed fields (Discord wording), a line each: <c>Name = value</c>; empty: the usual fields.</param>
public sealed record TemplateDraft(string Title, string Body, int Priority, string Tags, string HtmlBody = "", string Fields = "")
{
    public IReadOnlyList<string> TagList => SplitTags(Tags);

    public static IReadOnlyList<string> SplitTags(string tags) => tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static TemplateDraft Of(NotificationTemplate template) =>
        new(template.Title, template.Body, template.Priority, string.Join(", ", template.Tags ?? []));

    public NotificationTemplate ToTemplate(string eventType, Domain.Notifications.NotificationKind kind) =>
        new(eventType, kind, Title, Body, Priority, [.. TagList]);

    /// <summary>
    /// As a version stores it: text trimmed, with "\n" line breaks (a browser sends a text area's as
    /// "\r\n", which reached webhook and chat bodies beside the "\n" of the values), tags joined by
    /// commas without spaces, no empty field lines.
    /// </summary>
    public TemplateDraft Normalized() => new(Title.Trim(), Body.Trim().ReplaceLineEndings("\n"), Priority, string.Join(",", TagList), HtmlBody.Trim().ReplaceLineEndings("\n"),
        string.Join("\n", FieldLinesOf(Fields).Select(l => l.Name is null ? l.Value : $"{l.Name} = {l.Value}")));

    /// <summary>The non-empty lines of <paramref name="fields"/>, numbered from 1: the name before the first =, the value after (name null when there is no =).</summary>
    public static IReadOnlyList<(int Number, string? Name, string Value)> FieldLinesOf(string fields) =>
        fields.Split('\n').Select((line, i) => (Number: i + 1, Line: line.Trim()))
            .Where(l => l.Line.Length > 0)
            .Select(l => l.Line.IndexOf('=') is var at and > 0 && l.Line[..at].Trim() is { Length: > 0 } name
                ? (l.Number, (string?)name, l.Line[(at + 1)..].Trim())
                : (l.Number, null, l.Line))
            .ToList();
}

/// <summary>
/// What a wording has besides its title and text: the template for all channels (null) has ntfy's
/// priority and tags; a kind's own wording has what that kind can show.
/// </summary>
public static class TemplateParts
{
    /// <summary>The kinds of channel an admin can word apart, in the editor's order.</summary>
    public static readonly IReadOnlyList<ChannelKind> Kinds = [ChannelKind.Email, ChannelKind.Discord, ChannelKind.Ntfy, ChannelKind.Webhook];

    public static bool HasPriorityAndTags(ChannelKind? channel) => channel is null or ChannelKind.Ntfy;

    public static bool HasHtmlBody(ChannelKind? channel) => channel == ChannelKind.Email;

    public static bool HasFields(ChannelKind? channel) => channel == ChannelKind.Discord;
}
