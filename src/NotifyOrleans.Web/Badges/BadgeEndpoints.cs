using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NotifyOrleans.Web.Badges;

/// <summary>
/// <c>GET /badge/{file}</c>: a status badge (a job's, a server's, all jobs'), without a login (its signed address is the
/// credential, see <see cref="BadgeLinks"/>). Never cached, so a README or a wall dashboard shows
/// the state of now.
/// </summary>
public static class BadgeEndpoints
{
    /// <summary>GET and HEAD (link checkers and image proxies ask HEAD first); any other path under /badge is a badge that is not there.</summary>
    public static RouteGroupBuilder MapBadges(this IEndpointRouteBuilder endpoints)
    {
        var badges = endpoints.MapGroup(BadgeLinks.PathPrefix.TrimEnd('/')).AllowAnonymous().ExcludeFromDescription();
        badges.MapMethods("{file}", [HttpMethods.Get, HttpMethods.Head], GetAsync);
        badges.MapMethods("{**rest}", [HttpMethods.Get, HttpMethods.Head], () => NoBadge());
        return badges;
    }

    private static ProblemHttpResult NoBadge() => ApiRequests.NotFound("badge", "No badge at this address: it was changed, or what it showed was deleted.");

    private static async Task<IResult> GetAsync(string file, HttpContext context, BadgeLinks badges, JobQueries jobs, TimeProvider time)
    {
        if (await badges.ReadAsync(file, context.RequestAborted) is not var (subject, format)) return NoBadge();
        if (await DrawAsync(subject, jobs, time.GetUtcNow(), context.RequestAborted) is not { } badge) return NoBadge();

        context.Response.Headers.CacheControl = "no-cache, no-store, max-age=0";
        if (format == "json")
        {
            context.Response.Headers.AccessControlAllowOrigin = "*"; // a dashboard on another site may read it, as shields.io does
            return TypedResults.Json(badge.ShieldsJson());
        }

        return TypedResults.Text(badge.Svg(), "image/svg+xml; charset=utf-8");
    }

    /// <summary>The badge of a job, or of a server's jobs or all jobs counted together; null when its job or server is gone.</summary>
    private static async Task<BadgeImage?> DrawAsync(BadgeSubject subject, JobQueries jobs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (subject.JobKey is { } key) return await jobs.FindAsync(key, cancellationToken) is { } job ? BadgeImage.Of(job, now) : null;
        var tally = await jobs.TallyAsync(subject.Server, cancellationToken);
        return subject.Server is not null && tally.Jobs == 0 ? null : BadgeImage.Of(tally);
    }
}
