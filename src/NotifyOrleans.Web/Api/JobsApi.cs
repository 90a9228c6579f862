using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// A read API for dashboards and scripts (what Homepage-style widgets use with duplistatus):
/// every job with its status, last run, next expected run and counts. Authenticated by an ingest
/// key; a key made for one server sees only that server's jobs.
/// </summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/jobs").AllowAnonymous();
        api.MapGet("", ListAsync);
        api.MapGet("/{**id}", GetAsync);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IngestKeys keys, JobQueries jobs, string? status)
    {
        var key = await AuthenticateAsync(context, keys);
        if (key is null) return Unauthorized;
        RunStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed))
                return ApiResults.Problem(IngestProblem.BadField("status", "status is one of unknown, success, warning, failure."));
            filter = parsed;
        }

        var list = await jobs.ListAsync(key.ServerName, filter, cancellationToken: context.RequestAborted);
        return Results.Ok(new
        {
            total = list.Count,
            counts = Enum.GetValues<RunStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => list.Count(j => j.Status == s)),
            jobs = list.Select(Describe),
        });
    }

    private static async Task<IResult> GetAsync(HttpContext context, IngestKeys keys, JobQueries jobs, string id)
    {
        var key = await AuthenticateAsync(context, keys);
        if (key is null) return Unauthorized;
        var job = await jobs.FindAsync(id.ToLowerInvariant(), context.RequestAborted);
        if (job is null || (key.ServerName is { } server && !string.Equals(server, job.ServerName, StringComparison.OrdinalIgnoreCase)))
            return ApiResults.Problem(new IngestProblem(404, "No such job", $"No job '{id}'. Ids look like server/job, as listed by GET /api/v1/jobs.", "id"));
        return Results.Ok(Describe(job));
    }

    private static object Describe(BackupJobSnapshot job) => new
    {
        id = job.Key,
        server = job.ServerName,
        job = job.JobName,
        status = job.Status.ToString().ToLowerInvariant(),
        lastRunAt = job.LastRunAt,
        nextExpectedAt = job.NextExpectedAt,
        lastDurationSeconds = job.LastDuration?.TotalSeconds,
        lastSizeBytes = job.LastSizeBytes,
        lastFileCount = job.LastFileCount,
        lastError = job.LastError,
        runs = new { total = job.RunCount, success = job.SuccessCount, warning = job.WarningCount, failure = job.FailureCount },
    };

    private static readonly IResult Unauthorized = ApiResults.Problem(IngestProblem.Unauthorized("Pass an ingest key as ?key=…, an X-Api-Key header or a Bearer token."));

    private static Task<IngestKey?> AuthenticateAsync(HttpContext context, IngestKeys keys) =>
        keys.FindAsync(ApiResults.KeyFrom(context.Request), context.RequestAborted);
}
