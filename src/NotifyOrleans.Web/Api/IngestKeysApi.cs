using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.Web.Api;

/// <summary>Ingest keys by script: list, create (the key is in the answer once), revoke.</summary>
public static class IngestKeysApi
{
    public static RouteGroupBuilder MapIngestKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/ingest-keys").WithTags("Ingest keys");
        keys.MapGet("", ListAsync).RequireAuthorization(ApiAuthentication.Read);
        keys.MapPost("", CreateAsync).RequireAuthorization(ApiAuthentication.Write).Accepts<IngestKeyCreate>("application/json")
            .Produces<IngestKeyCreatedView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        keys.MapDelete("/{idOrName}", RevokeAsync).RequireAuthorization(ApiAuthentication.Write);
        return api;
    }

    private static async Task<Ok<List<IngestKeyView>>> ListAsync(IngestKeys keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(cancellationToken)).Select(Describe).ToList());

    /// <summary>A key for every server, one server, or one job of a server (what pings need).</summary>
    private static async Task<IResult> CreateAsync(HttpContext context, ClaimsPrincipal user, IngestKeys keys)
    {
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request);
        if (body is null) return unreadable!;
        var problems = new List<(string, string)>();
        ApiRequests.RefuseUnknown(body, ["name", "server", "job"], problems);
        ApiRequests.TryGetString(body, "name", problems, out var name);
        ApiRequests.TryGetString(body, "server", problems, out var server);
        ApiRequests.TryGetString(body, "job", problems, out var job);
        if (string.IsNullOrWhiteSpace(name)) problems.Add(("name", "Give the key a name, e.g. the server it is for."));
        else if (name.Trim().Length > IngestKeys.NameMaxLength) problems.Add(("name", $"A name is at most {IngestKeys.NameMaxLength} characters."));
        if (IngestKeys.CheckScope(server, job) is { } scope) problems.Add(scope);
        if (problems.Count > 0) return ApiRequests.Invalid(problems);
        if (await keys.ActiveNamedAsync(name!, context.RequestAborted) is { } existing)
            return ApiRequests.Conflict(IngestKeys.NameTaken(existing), "name", "Name in use");

        var (key, row) = await keys.CreateAsync(name!, server, job, user.Actor(), context.RequestAborted);
        return TypedResults.Created($"/api/v1/ingest-keys/{row.Id}", new IngestKeyCreatedView(key, Describe(row)));
    }

    /// <summary>
    /// Revokes the key: reports with it are refused from now on. Revoking twice by id is fine; by
    /// name (as <c>./run.sh keys revoke --name</c>), only an active key answers to it.
    /// </summary>
    /// <param name="idOrName">The key's id, or the name of an active key (case aside).</param>
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string idOrName, IngestKeys keys, AppDbContext db, CancellationToken cancellationToken)
    {
        var id = Guid.TryParse(idOrName, out var parsed) && await db.IngestKeys.AnyAsync(k => k.Id == parsed, cancellationToken) ? parsed
            : (await keys.ActiveNamedAsync(idOrName, cancellationToken))?.Id;
        if (id is null)
            return ApiRequests.NotFound("ingest key", $"No ingest key has the id {idOrName}, and no active one the name. GET /api/v1/ingest-keys lists them.");
        await keys.RevokeAsync(id.Value, cancellationToken);
        return TypedResults.NoContent();
    }

    private static IngestKeyView Describe(IngestKey key) =>
        new(key.Id, key.Name, key.Prefix, key.ServerName, key.JobName, key.CreatedAt, key.CreatedBy, key.LastUsedAt, key.RevokedAt);
}
