using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NotifyOrleans.Web.Badges;

/// <summary>
/// <c>GET /badge/{file}</c>: a job's status badge, without a login (its signed address is the
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

    private static ProblemHttpResult NoBadge() => ApiRequests.NotFound("badge", "No badge at this address: it was changed, or its job was deleted.");

    private static async Task<IResult> GetAsync(string file, HttpContext context, BadgeLinks badges, JobQueries jobs, TimeProvider time)
    {
        var named = await badges.ReadAsync(file, context.RequestAborted);
        var job = named is { } found ? await jobs.FindAsync(found.JobKey, context.RequestAborted) : null;
        if (job is null) return NoBadge();

        var badge = BadgeImage.Of(job, time.GetUtcNow());
        context.Response.Headers.CacheControl = "no-cache, no-store, max-age=0";
        if (named!.Value.Format == "json")
        {
            context.Response.Headers.AccessControlAllowOrigin = "*"; // a dashboard on another site may read it, as shields.io does
            return TypedResults.Json(badge.ShieldsJson());
        }

        return TypedResults.Text(badge.Svg(), "image/svg+xml; charset=utf-8");
    }
}
