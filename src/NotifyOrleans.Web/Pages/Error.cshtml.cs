using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Web.Hosting;

namespace NotifyOrleans.Web.Pages;

/// <summary>Shown for unhandled exceptions and, re-executed, for 403 and 404 responses (keeping their status).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; } = 500;

    public string Heading => Status switch
    {
        403 => "You don't have access to this page",
        404 => "Page not found",
        405 => "This page does not take that request",
        503 => "Unavailable for a moment",
        _ => "Something went wrong",
    };

    public string Explanation => Status switch
    {
        403 => "This page is for admins. Ask an admin if you need it.",
        404 => "The address may be mistyped, or the item was deleted.",
        405 => $"A {Request.Method} is not one of the ways it is used (a link of a notice is opened, or its button pressed). Nothing was changed.",
        503 => Unavailable,
        _ => "The error was logged. Try again, and tell your admin if it keeps happening.",
    };

    /// <summary>What is unavailable (<see cref="Unavailability"/>); a 503 is only ever answered for one of those.</summary>
    private string Unavailable => Unavailability.Of(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error) ?? "Retry in a few seconds.";

    /// <summary>Every method lands here when re-executed (a PUT that got a 405 too).</summary>
    public async Task<IActionResult> OnGetAsync(int? code)
    {
        Status = code ?? (Response.StatusCode >= 400 ? Response.StatusCode : 500);
        if (Status == StatusCodes.Status503ServiceUnavailable) Response.Headers.RetryAfter = "10"; // UseConsoleErrorPages
        // Logged once per outage, with the loops' failures; the System Error follows when it answers again.
        if (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is { } error && FaultReporter.IsDatabaseFault(error))
            await HttpContext.RequestServices.GetRequiredService<FaultReporter>().ReportAsync("Answering requests", error);

        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        return original is not null && MachinePaths.Contains(original) ? MachineProblem(original) : Page();
    }

    public Task<IActionResult> OnPostAsync(int? code) => OnGetAsync(code);

    public Task<IActionResult> OnPutAsync(int? code) => OnGetAsync(code);

    public Task<IActionResult> OnDeleteAsync(int? code) => OnGetAsync(code);

    public Task<IActionResult> OnPatchAsync(int? code) => OnGetAsync(code);

    private ObjectResult MachineProblem(string path)
    {
        var (title, detail) = Status switch
        {
            404 => ("Not found", "No such API route. Ingest: POST or PUT /api/upload, POST /api/v1/runs, /ping/{key}[/start|/fail|/{exit code}|/log] with a job's key, /ping/{key}/{job}[/…] with a server's (docs/ingest.md). " +
                "Management: /api/v1/channels, /jobs, /settings/job-defaults, /deliveries, /ingest-keys (docs/api.md, /openapi/v1.json)."),
            405 => ("Method not allowed", $"{Request.Method} is not accepted here; the Allow header lists what is."),
            400 => ("Bad request", "The request could not be read: check its path, query and headers against docs/api.md."),
            415 => ("Unsupported media type", "Send the body as JSON, with Content-Type: application/json."),
            503 => ("Service unavailable", Unavailable),
            _ => ("Server error", "The error was logged. Retry later."),
        };
        // The factory adds what every other problem of ours carries: the RFC 9110 type link and the trace id.
        var problem = HttpContext.RequestServices.GetRequiredService<ProblemDetailsFactory>()
            .CreateProblemDetails(HttpContext, Status, title, detail: detail, instance: LoggedPaths.Mask(path));
        return new ObjectResult(problem)
        {
            StatusCode = Status,
            ContentTypes = { "application/problem+json" },
        };
    }
}
