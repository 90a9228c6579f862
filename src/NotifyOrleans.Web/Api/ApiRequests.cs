using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// The management API's conventions in one place: JSON object bodies, problem+json naming the
/// field at fault (400), 404 for unknown ids, 409 for an edit that conflicts, and versions as ETags.
/// </summary>
public static class ApiRequests
{
    /// <summary>Configuration bodies are small; a larger one is a mistake, refused with 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>
    /// The body as a JSON object, or the 400/413 problem that says why it is not one. Everything
    /// a reader could trip over later is refused here: bytes that are not UTF-8, a name given
    /// twice (which value would count?), and half a surrogate pair (<c>"\ud800"</c>, not text).
    /// </summary>
    /// <param name="optional">No body at all reads as <c>{}</c>: for an action whose fields are all optional (<c>curl -X POST …/acknowledge</c>).</param>
    /// <summary>
    /// The body without a UTF-8 byte order mark before it: Windows PowerShell 5 writes one with
    /// <c>-Encoding utf8</c>, and RFC 8259 lets a reader ignore it (System.Text.Json refused "0xEF").
    /// </summary>
    public static byte[] WithoutByteOrderMark(byte[] body) => body.AsSpan().StartsWith("\uFEFF"u8) ? body[3..] : body;

    public static async Task<(JsonObject? Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, bool optional = false)
    {
        var (bytes, tooLarge) = await ApiResults.ReadBodyAsync(request, MaxBodyBytes);
        if (tooLarge is not null)
            return (null, ApiResults.Problem(tooLarge with { Title = "Body too large", Detail = $"The body is larger than {MaxBodyBytes:N0} bytes; configuration bodies are far smaller." }));
        bytes = WithoutByteOrderMark(bytes!);
        if (bytes is { Length: 0 }) return optional ? (new JsonObject(), null) : (null, Invalid("$", EmptyBody));
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return (null, Invalid("$", "The body is not valid UTF-8 text."));
        try
        {
            using var document = JsonDocument.Parse(bytes, Strict);
            if (NotifyOrleans.Infrastructure.Ingest.JsonStrings.FindUnreadable(bytes, document.RootElement) is { } path)
                return (null, Invalid(path, $"{path} contains half of a UTF-16 surrogate pair (like \\ud800), which is not text."));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (JsonObject.Create(document.RootElement.Clone()), null)
                : (null, Invalid("$", "The body must be a JSON object."));
        }
        catch (JsonException exception)
        {
            return (null, Invalid("$", NotJson(exception)));
        }
    }

    /// <summary>Said instead of the parser's "The input does not contain any JSON tokens".</summary>
    public const string EmptyBody = "The body is empty: send a JSON object.";

    /// <summary>
    /// "The body is not valid JSON at line 1, character 37: '}' is an invalid start of a value." The
    /// parser's own message counts lines and bytes from 0 in a suffix and, for a trailing comma, tells the
    /// programmer to change its reader options: neither means anything to the person who sent it.
    /// </summary>
    public static string NotJson(JsonException exception)
    {
        var what = exception.Message;
        if (what.IndexOf(" LineNumber:", StringComparison.Ordinal) is var suffix and >= 0) what = what[..suffix];
        what = what.Replace(" Change the reader options.", "", StringComparison.Ordinal).Replace("not supported in this mode", "not allowed in JSON", StringComparison.Ordinal);
        var where = exception.LineNumber is { } line ? $" at line {line + 1}, character {exception.BytePositionInLine + 1}" : "";
        return $"The body is not valid JSON{where}: {what.Trim()}";
    }

    /// <summary>For a request that takes no body: a 400 naming each member sent (an empty body, or <c>{}</c>, will do); null when none was.</summary>
    public static async Task<IResult?> RefuseAnyBodyAsync(HttpRequest request)
    {
        var (body, unreadable) = await ReadObjectAsync(request, optional: true);
        if (body is null) return unreadable;
        var problems = new List<(string, string)>();
        RefuseUnknown(body, [], problems);
        return problems.Count > 0 ? Invalid(problems) : null;
    }

    public static ProblemHttpResult Invalid(string field, string message) => Invalid([(field, message)]);

    /// <summary>400 with every problem: <c>field</c> names the first, <c>errors</c> lists all by field.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<(string Field, string Message)> problems) => TypedResults.Problem(
        title: "Invalid request",
        detail: problems[0].Message,
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?>
        {
            ["field"] = problems[0].Field,
            ["errors"] = problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        });

    /// <summary>
    /// Refuses a query parameter the endpoint does not read: a misspelt filter (<c>?stauts=dead</c>)
    /// must not answer as if there were no filter. <c>key</c> is always allowed: it can carry the credential.
    /// </summary>
    public static RouteHandlerBuilder ReadsQuery(this RouteHandlerBuilder endpoint, params string[] names) =>
        endpoint.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Query.Keys.FirstOrDefault(k => k != "key" && !names.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown
                ? Invalid(unknown, $"{unknown} is not a parameter here. The parameters are {string.Join(", ", names)}.")
                : await next(context));

    public static ProblemHttpResult NotFound(string what, string detail) =>
        TypedResults.Problem(title: $"No such {what}", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string detail, string? field = null, string title = "Conflicting edit") => TypedResults.Problem(
        title: title, detail: detail, statusCode: StatusCodes.Status409Conflict,
        extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    /// <summary>"Settings.WebhookUrl" (a form's name) → "settings.webhookUrl" (the JSON's).</summary>
    public static string JsonField(string formField) =>
        string.Join('.', formField.Split('.').Select(part => JsonNamingPolicy.CamelCase.ConvertName(part)));

    /// <summary>A version as an ETag (quoted, as HTTP has it).</summary>
    public static string ETag(string version) => $"\"{version}\"";

    /// <summary>
    /// The If-Match a request sent, checked: null when there is none (the edit applies to whatever
    /// is current), or the problem of one that cannot be read. A header that is not an entity tag
    /// must not pass as "no header" and let a stale edit through.
    /// </summary>
    private static ProblemHttpResult? UnreadableIfMatch(HttpRequest request)
    {
        if (request.Headers.IfMatch.Count == 0) return null;
        return EntityTagHeaderValue.TryParseStrictList(request.Headers.IfMatch.ToArray()!, out var tags) && tags.Count > 0
            ? null
            : Invalid("If-Match", "If-Match is the ETag a GET answered, quotes included (like If-Match: \"3\"), or *.");
    }

    /// <summary>
    /// False when the request sent If-Match and no tag in it is the current version: someone else
    /// changed the thing since this client read it. Compared strongly, as If-Match must be: a weak
    /// tag (W/"3") never matches. No If-Match means "overwrite".
    /// </summary>
    private static bool IfMatchAllows(HttpRequest request, string? currentVersion)
    {
        var ifMatch = request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0) return true;
        return currentVersion is not null && ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || (!tag.IsWeak && tag.Tag.ToString().Trim('"') == currentVersion));
    }

    /// <summary>400 for an If-Match that is no entity tag, 409 for one that is not <paramref name="currentVersion"/> (null: the thing does not exist), else null.</summary>
    public static ProblemHttpResult? IfMatchProblem(HttpRequest request, string? currentVersion) =>
        UnreadableIfMatch(request) ?? (IfMatchAllows(request, currentVersion) ? null : Conflict(currentVersion is null ? "It does not exist, so no If-Match can match it." : StaleVersion));

    public const string StaleVersion = "It was changed since you read it (If-Match names an older version). Read it again and re-apply your change.";

    // The readers below take the path of the object they read (like "assignments[0].") so that
    // a problem names the field as the client wrote it.

    /// <summary>An optional string member: false when absent or null; a non-string is a problem naming the field.</summary>
    public static bool TryGetString(JsonObject body, string name, List<(string, string)> problems, out string? value, string path = "")
    {
        value = null;
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return false;
        if (node is JsonValue text && text.TryGetValue(out string? s)) { value = s; return true; }
        problems.Add((path + name, $"{path}{name} must be a string."));
        return false;
    }

    /// <summary>An optional boolean member: null when absent; a non-boolean is a problem naming the field.</summary>
    public static bool? GetBool(JsonObject body, string name, List<(string, string)> problems, string path = "")
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is JsonValue flag && flag.TryGetValue(out bool b)) return b;
        problems.Add((path + name, $"{path}{name} must be true or false."));
        return null;
    }

    /// <summary>An optional whole-number member: null when absent; anything else is a problem naming the field.</summary>
    public static int? GetInt(JsonObject body, string name, List<(string, string)> problems, string path = "")
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is JsonValue number && number.TryGetValue(out int n)) return n;
        // A whole number past an int (99999999999) is out of every field's range: held at the int's
        // limit, the caller's range check says the range, as for 1001, not "must be a whole number".
        if (node is JsonValue other && other.TryGetValue(out decimal d) && d == decimal.Truncate(d)) return (int)Math.Clamp(d, int.MinValue, int.MaxValue);
        problems.Add((path + name, $"{path}{name} must be a whole number."));
        return null;
    }

    /// <summary>Members the route does not know: a typo must not be silently ignored.</summary>
    public static void RefuseUnknown(JsonObject body, IEnumerable<string> known, List<(string, string)> problems, string path = "")
    {
        var allowed = known.ToList();
        foreach (var (name, _) in body)
            if (!allowed.Contains(name, StringComparer.Ordinal)) problems.Add((path + name, $"'{path}{name}' is not a field here; the fields are {string.Join(", ", allowed)}."));
    }
}
