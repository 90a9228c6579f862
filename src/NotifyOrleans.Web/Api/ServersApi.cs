using NotifyOrleans.Infrastructure.Jobs;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// A server's jobs at once: pausing and resuming the monitoring of every job of a server that is
/// down for maintenance (each job as by its own pause, see JobsApi).
/// </summary>
public static class ServersApi
{
    public static RouteGroupBuilder MapServersApi(this RouteGroupBuilder api)
    {
        var servers = api.MapGroup("/servers").WithTags("Jobs");
        servers.MapPost("/{server}/pause", PauseAsync).RequireAuthorization(ApiAuthentication.Write).Accepts<PauseRequest>("application/json")
            .Produces<ServerJobsView>();
        servers.MapPost("/{server}/resume", ResumeAsync).RequireAuthorization(ApiAuthentication.Write)
            .Produces<ServerJobsView>().ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>Pauses every job of the server, as <c>POST /jobs/{server}/{job}/pause</c> would each; 404 when it has none.</summary>
    private static async Task<IResult> PauseAsync(string server, HttpContext context, ServerPauses pauses, TimeProvider time)
    {
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request, optional: true);
        if (body is null) return unreadable!;
        var problems = new List<(string, string)>();
        var until = PauseJson.ReadUntil(body, time.GetUtcNow(), problems);
        if (problems.Count > 0) return ApiRequests.Invalid(problems);

        var paused = await pauses.PauseAsync(server, context.User.Actor(), until, context.RequestAborted);
        return paused == 0 ? NoJobs(server) : TypedResults.Ok(new ServerJobsView(server, paused));
    }

    /// <summary>Resumes each paused job of the server; 409 when none was paused.</summary>
    private static async Task<IResult> ResumeAsync(string server, HttpContext context, ServerPauses pauses)
    {
        if (await ApiRequests.RefuseAnyBodyAsync(context.Request) is { } refused) return refused;
        var resumed = await pauses.ResumeAsync(server, context.User.Actor(), context.RequestAborted);
        return resumed > 0 ? TypedResults.Ok(new ServerJobsView(server, resumed))
            : ApiRequests.Conflict($"No job of {server} is paused: there is nothing to resume.", title: "Not paused");
    }

    private static IResult NoJobs(string server) =>
        ApiRequests.NotFound("server", $"No job of a server '{server}'. Servers are named as their jobs report them, as GET /api/v1/jobs lists them.");
}
