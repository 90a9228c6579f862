using Microsoft.AspNetCore.Http.Features;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// The server and job names of a <c>/api/v1/jobs/{server}/{job}…</c> route as the client wrote
/// them. Kestrel decodes a request's path except <c>%2F</c>, so a job named <c>a/b</c> (sent
/// <c>a%2Fb</c>) and one named <c>a%2Fb</c> (sent <c>a%252Fb</c>) both reach the route as
/// <c>a%2Fb</c>; only the request line, as sent, tells them apart. Each of its segments is
/// decoded once here.
/// </summary>
internal static class JobRouteNames
{
    private const string Group = "/api/v1/jobs";

    /// <param name="server">The route's server value.</param>
    /// <param name="job">The route's job value: one segment, or several where the route takes the rest of the path.</param>
    public static (string Server, string Job) Read(HttpRequest request, string server, string? job)
    {
        job ??= "";
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!request.Path.StartsWithSegments(Group, out var rest) || raw is not ['/', ..]) return (Slashes(server), Slashes(job));

        // The route's part of the path has as many segments in the request line as after decoding
        // (%2F is the one slash left encoded), so it is the request line's last ones.
        var routeSegments = rest.Value!.Split('/')[1..];
        var rawSegments = raw.Split('?', 2)[0].Split('/');
        if (rawSegments.Length <= routeSegments.Length) return (Slashes(server), Slashes(job));
        var sent = rawSegments[^routeSegments.Length..];
        var jobSegments = job.Length == 0 ? 0 : job.Split('/').Length;
        return (Uri.UnescapeDataString(sent[0]), string.Join('/', sent[1..(1 + jobSegments)].Select(Uri.UnescapeDataString)));
    }

    /// <summary>Without the request line (a host that keeps none): <c>%2F</c> is read as a slash, the usual meaning.</summary>
    private static string Slashes(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
