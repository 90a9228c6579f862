using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// Where backup tools report: Duplicati's own report at <c>/api/upload</c> (the path duplistatus
/// uses), a generic JSON API, and Healthchecks-style pings. Each request is parsed, handed to the
/// job grain and answered; nothing is sent inside the request.
/// </summary>
public static class IngestApi
{
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("").AllowAnonymous().DisableAntiforgery().WithTags("Ingest");
        // Answered by the routing middleware, past the console's sign-in, authorization and first-run
        // redirect (Program.cs): a report carries its own key, and that middleware cost about 8 % of
        // a report's time at one client (docs/benchmarks.md). The request log and error pages still wrap it.
        api.ShortCircuit();
        // Duplicati sends with POST, or PUT with --send-http-verb=PUT.
        api.MapMethods("/api/upload", ["POST", "PUT"], UploadAsync);
        api.MapPost("/api/v1/runs", RunsAsync);
        string[] pingMethods = ["GET", "POST", "HEAD"];
        // A key for one job: /ping/KEY[/start|/fail|/CODE|/log]. A key for a server names the job after it, as
        // Healthchecks' slugs do (/ping/KEY/JOB[/…]): one key for all of a server's cron lines.
        // The job is read from the route by PingTargetAsync: a parameter here would be bound from ?job= too.
        foreach (var ping in new[] { "/ping/{key}", "/ping/{key}/{job}" })
        {
            api.MapMethods(ping, pingMethods, (HttpContext c, string key) => PingAsync(c, key, PingSignal.Success));
            api.MapMethods($"{ping}/fail", pingMethods, (HttpContext c, string key) => PingAsync(c, key, PingSignal.Failure));
            api.MapMethods($"{ping}/start", pingMethods, StartAsync);
            api.MapMethods($"{ping}/log", pingMethods, LogAsync);
            // Any number of digits is an exit code, so that 99999999999 is told its range rather than "no such route".
            api.MapMethods($"{ping}/{{exitCode:regex(^-?[0-9]+$)}}", pingMethods, (HttpContext c, string key, string exitCode) =>
                int.TryParse(exitCode, out var code) && code is >= 0 and <= 255
                    ? PingAsync(c, key, PingSignal.Exit(code))
                    : Task.FromResult(ApiResults.Problem(IngestProblem.BadField("exitCode", "An exit code is 0 to 255."))));
        }

        return endpoints;
    }

    /// <summary>Duplicati: JSON (<c>--send-http-result-output-format=Json</c>) or its default text form.</summary>
    private static async Task<IResult> UploadAsync(HttpContext context, IngestKeys keys, IngestService ingest, IOptions<IngestOptions> options, TimeProvider time)
    {
        var (body, tooLarge) = await ApiResults.ReadBodyAsync(context.Request, options.Value.MaxBodyBytes);
        if (tooLarge is not null) return ApiResults.Problem(tooLarge);
        var contentType = context.Request.ContentType ?? "";

        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body!));
            var key = await AuthenticateAsync(context, keys, form.TryGetValue("key", out var formKey) ? formKey.ToString() : null);
            if (key is null) return ApiResults.Problem(MissingKey(context));
            if (!form.ContainsKey("message") && LooksLikeJson(body!)) return ApiResults.Problem(JsonSentAsForm);
            if (!form.TryGetValue("message", out var message) || string.IsNullOrWhiteSpace(message))
                return ApiResults.Problem(IngestProblem.BadField("message", (form.ContainsKey("message") ? "The form's message field is empty. " : "The form has no message field. ") + DuplicatiReportParser.JsonAdvice));
            return await RecordAsync(context, ingest, DuplicatiReportParser.ParseText(message.ToString(), key.ServerName, key.JobName, time.GetUtcNow()));
        }

        if (NotJson(contentType, DuplicatiReportParser.JsonAdvice) is { } notJson) return ApiResults.Problem(notJson);
        if (LooksLikeDuplicatisForm(body!)) return ApiResults.Problem(FormSentAsJson);

        return await WithJsonAsync(body!, async root =>
        {
            var key = await AuthenticateAsync(context, keys, ExtraKey(root));
            if (key is null) return ApiResults.Problem(MissingKey(context));
            return await RecordAsync(context, ingest, DuplicatiReportParser.ParseJson(root, key.ServerName, key.JobName, time.GetUtcNow()));
        });
    }

    private static async Task<IResult> RunsAsync(HttpContext context, IngestKeys keys, IngestService ingest, IOptions<IngestOptions> options, TimeProvider time)
    {
        var key = await AuthenticateAsync(context, keys, null);
        if (key is null) return ApiResults.Problem(MissingKey(context));
        if (NotJson(context.Request.ContentType ?? "", "Send application/json.") is { } notJson) return ApiResults.Problem(notJson);
        var (body, tooLarge) = await ApiResults.ReadBodyAsync(context.Request, options.Value.MaxBodyBytes);
        if (tooLarge is not null) return ApiResults.Problem(tooLarge);
        return await WithJsonAsync(body!, root =>
            RecordAsync(context, ingest, GenericRunParser.Parse(root, key.ServerName, key.JobName, time.GetUtcNow())));
    }

    private static async Task<IResult> PingAsync(HttpContext context, string key, PingSignal signal)
    {
        var services = context.RequestServices;
        var (target, problem) = await PingTargetAsync(context, services.GetRequiredService<IngestKeys>(), key);
        if (problem is not null) return ApiResults.Problem(problem);
        var options = services.GetRequiredService<IOptions<IngestOptions>>().Value;
        var (body, leftOut) = await ReadPingBodyAsync(context.Request, options.MaxBodyBytes);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var report = PingReports.Build(target!.Value.Server, target.Value.Job, signal, body, context.Request.Query["rid"].ToString(), now, options.MaxPingLogBytes, leftOut);
        await services.GetRequiredService<IngestService>().RecordAsync(report, context.RequestAborted);
        return Results.Text("OK\n");
    }

    private static async Task<IResult> StartAsync(HttpContext context, string key, IngestKeys keys, IngestService ingest)
    {
        var (target, problem) = await PingTargetAsync(context, keys, key);
        if (problem is not null) return ApiResults.Problem(problem);
        await ingest.RecordStartAsync(target!.Value.Server, target.Value.Job, PingReports.RunIdOf(context.Request.Query["rid"].ToString()), context.RequestAborted);
        return Results.Text("OK\n");
    }

    /// <summary>
    /// <c>/log</c>: the body's text as a line on the job's timeline (as Healthchecks' /log), for a
    /// script's own news ("dump took 40 min", "skipped: on battery"). Not a run: no status, no notice.
    /// </summary>
    private static async Task<IResult> LogAsync(HttpContext context, string key, IngestKeys keys, IngestService ingest, IOptions<IngestOptions> options)
    {
        var (target, problem) = await PingTargetAsync(context, keys, key);
        if (problem is not null) return ApiResults.Problem(problem);
        var (body, tooLarge) = await ApiResults.ReadBodyAsync(context.Request, options.Value.MaxBodyBytes);
        if (tooLarge is not null) return ApiResults.Problem(tooLarge);
        var text = body is { Length: > 0 } ? Encoding.UTF8.GetString(ApiRequests.WithoutByteOrderMark(body)).Trim() : "";
        await ingest.RecordLogAsync(target!.Value.Server, target.Value.Job, text.Length > 0 ? text : "(a log without text)", context.RequestAborted);
        return Results.Text("OK\n");
    }

    /// <summary>
    /// A Duplicati JSON report replayed with <c>curl --data-binary</c>, which says it is a form unless
    /// told otherwise: answered "the form has no message field, add …=Json", it sent the user to change
    /// a Duplicati option that was already right.
    /// </summary>
    private static readonly IngestProblem JsonSentAsForm = new(415, "Unsupported report format",
        "The body is JSON, but its Content-Type says it is a form (application/x-www-form-urlencoded, curl's default for --data). " +
        "Send it as JSON: curl -H 'Content-Type: application/json' --data-binary @report.json …", "Content-Type");

    /// <summary>
    /// The other way round: Duplicati's default form report (<c>message=…</c>) replayed with a JSON
    /// Content-Type, which the JSON parser answered "'m' is an invalid start of a value".
    /// </summary>
    private static readonly IngestProblem FormSentAsJson = new(415, "Unsupported report format",
        "The body is a form (message=…, Duplicati's default report format), but its Content-Type says it is JSON. " +
        "Send it without that header (curl --data-binary @report.txt …), as Duplicati itself does. " + DuplicatiReportParser.JsonAdvice[..^1] + " to have it send JSON.", "Content-Type");

    private static bool LooksLikeJson(byte[] body) => Encoding.UTF8.GetString(body).TrimStart().StartsWith('{');

    private static bool LooksLikeDuplicatisForm(byte[] body) => !LooksLikeJson(body) && (body.AsSpan().StartsWith("message="u8) || body.AsSpan().IndexOf("&message="u8) >= 0);

    /// <summary>The 415 of a body declared as something other than JSON; none when no type is declared.</summary>
    private static IngestProblem? NotJson(string contentType, string advice) =>
        contentType.Length > 0 && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
            ? new IngestProblem(415, "Unsupported report format", $"Content-Type '{contentType}' is not JSON. {advice}", "Content-Type")
            : null;

    private static async Task<IResult> RecordAsync(HttpContext context, IngestService ingest, Parsed<RunReport> parsed)
    {
        if (parsed.Problem is { } problem) return ApiResults.Problem(problem);
        var (history, notAFlag) = QueryFlag(context.Request, "history", absent: false,
            "history is true (record the run without telling anyone, for an import of past runs) or false.");
        if (notAFlag is not null) return ApiResults.Problem(notAFlag);
        var outcome = await ingest.RecordAsync(parsed.Value! with { History = history }, context.RequestAborted);
        return Results.Ok(new { status = outcome.Repeat ? "repeat" : "recorded", job = outcome.JobKey });
    }

    /// <summary>
    /// A yes-or-no query parameter (<c>?history</c>: an import recorded without telling anyone,
    /// <see cref="RunReport.History"/>; <c>?create</c> on a server key's pings): true, 1 or bare for
    /// yes, false or 0 for no, in any case; anything else is a 400 naming it.
    /// </summary>
    private static (bool Value, IngestProblem? Problem) QueryFlag(HttpRequest request, string name, bool absent, string meaning)
    {
        if (!request.Query.TryGetValue(name, out var values)) return (absent, null);
        return values.ToString().ToLowerInvariant() switch
        {
            "" or "true" or "1" => (true, null),
            "false" or "0" => (false, null),
            _ => (absent, IngestProblem.BadField(name, meaning)),
        };
    }

    private static async Task<IResult> WithJsonAsync(byte[] body, Func<JsonElement, Task<IResult>> use)
    {
        body = ApiRequests.WithoutByteOrderMark(body);
        if (body.Length == 0)
            return ApiResults.Problem(IngestProblem.BadField("$", ApiRequests.EmptyBody));
        // JsonDocument checks UTF-8 only when a string is read; refuse bad bytes up front (found by the fuzz test).
        if (!System.Text.Unicode.Utf8.IsValid(body))
            return ApiResults.Problem(IngestProblem.BadField("$", "The body is not valid UTF-8 text."));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException exception)
        {
            return ApiResults.Problem(IngestProblem.BadField("$", ApiRequests.NotJson(exception)));
        }

        using (document)
        {
            if (JsonStrings.FindUnreadable(body, document.RootElement) is { } path)
                return ApiResults.Problem(IngestProblem.BadField(path, $"{path} contains half of a UTF-16 surrogate pair (like \\ud800), which is not text."));
            return await use(document.RootElement);
        }
    }

    /// <summary>The 401 of a report without a valid ingest key; an API token is named as the mistake it is.</summary>
    private static IngestProblem MissingKey(HttpContext context) => IngestProblem.Unauthorized(
        (ApiResults.KeyFrom(context.Request)?.StartsWith(Infrastructure.Access.ApiTokens.TokenPrefix, StringComparison.Ordinal) == true
            ? "This is an API token (noa_…): API tokens manage, they cannot report runs. "
            : "")
        + "Pass a valid ingest key (not a revoked one) as ?key=…, an X-Api-Key header, a Bearer token, or a 'key' Extra parameter (--send-http-extra-parameters=key=…). Admins create keys on the Servers page.");

    private static Task<IngestKey?> AuthenticateAsync(HttpContext context, IngestKeys keys, string? fromBody) =>
        keys.FindAsync(ApiResults.KeyFrom(context.Request, fromBody), context.RequestAborted);

    private static string? ExtraKey(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Extra", out var extra) && extra.ValueKind == JsonValueKind.Object
            ? new[] { "key", "api-key", "ingest-key" }.Select(name => extra.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null).FirstOrDefault(v => v is not null)
            : null;

    /// <summary>
    /// The job a ping is for: the key's own job, or, with a key for a server, the job the path names
    /// after the key (new jobs are set up by their first ping, as by any report).
    /// </summary>
    private static async Task<((string Server, string Job)? Target, IngestProblem? Problem)> PingTargetAsync(HttpContext context, IngestKeys keys, string key)
    {
        var job = context.Request.RouteValues["job"] as string;
        var row = await keys.FindAsync(key);
        if (row is null) return (null, IngestProblem.Unauthorized("Unknown or revoked ping key. Admins create keys on the Servers page: one for a job, or one for a server whose pings name the job."));
        if (row.ServerName is null)
            return (null, IngestProblem.BadField("key", "This key is for any server: pings need a key for a server (then /ping/KEY/JOB) or for one job (/ping/KEY)."));
        if (row.JobName is { } own)
            return job is null
                ? ((row.ServerName, own), null)
                : (null, new IngestProblem(404, "Not found", $"This key is for one job ({row.ServerName}/{own}): its pings are /ping/KEY, /ping/KEY/start, /ping/KEY/fail, /ping/KEY/CODE and /ping/KEY/log.", "job"));
        if (job is null)
            return (null, IngestProblem.BadField("job", $"This key is for the server {row.ServerName}: name the job after it, /ping/KEY/JOB (or /ping/KEY/JOB/start, /fail, /CODE, /log)."));
        if (JobKey.Check(row.ServerName, job) is { } bad) return (null, IngestProblem.BadField(bad.Field, bad.Message));
        // A name no report has come from starts a job, unless ?create=0 asks not to (Healthchecks'
        // slug pings refuse one unless ?create=1): then `curl -f` in a crontab fails on a typo.
        // Any other value is refused too: ?create=no must not start the job it meant to refuse.
        var (create, notAFlag) = QueryFlag(context.Request, "create", absent: true,
            "create is 0 (refuse a job name no report has come from, so that a typo fails) or 1.");
        if (notAFlag is not null) return (null, notAFlag);
        if (!create
            && await context.RequestServices.GetRequiredService<JobQueries>().FindAsync(JobKey.Of(row.ServerName, job).Value, context.RequestAborted) is null)
            return (null, new IngestProblem(404, "Not found", $"No job {job.Trim()} on {row.ServerName} has reported yet, and ?create=0 asks not to start one. " +
                "Check the job's name (the Jobs page lists them), or leave ?create=0 out for its first ping.", "job"));
        return ((row.ServerName, job.Trim()), null);
    }

    /// <summary>
    /// A ping's body up to the size of any report, read whole so that a restic summary or a borg
    /// document after a long log is found. A longer one is cut, not refused (a log too long must not
    /// cost the run), and its end is what is kept: the summary, and a script's last words, are there.
    /// It starts at a line, not in the middle of a character or of a JSON line.
    /// </summary>
    private static async Task<(string? Body, LeftOutLines? LeftOut)> ReadPingBodyAsync(HttpRequest request, int maxBytes)
    {
        if (!HttpMethods.IsPost(request.Method)) return (null, null);
        var lines = new LeftOutLines(); // counted as they go, so that the notice's warnings are all of them
        var (tail, leftOut) = await ApiResults.ReadTailAsync(request, maxBytes, lines);
        if (leftOut == 0) return (tail.Length == 0 ? null : Encoding.UTF8.GetString(tail), null);
        if (Array.IndexOf(tail, (byte)'\n') is var lineEnd and >= 0)
        {
            lines.Add(tail.AsSpan(0, lineEnd + 1)); // the end of the line the cut fell in
            tail = tail[(lineEnd + 1)..];
        }

        lines.End();
        return (tail.Length == 0 ? null : Encoding.UTF8.GetString(tail), lines);
    }
}
