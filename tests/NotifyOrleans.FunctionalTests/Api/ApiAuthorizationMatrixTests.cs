using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Api;

namespace NotifyOrleans.FunctionalTests.Api;

/// <summary>
/// Every management API route the app maps (and the metrics for Prometheus), called with no credential, an ingest key, a
/// read-only token and a read-write token. The routes come from the app's own endpoints, so a
/// new route is in the matrix without anyone adding it, and one without a token policy fails.
/// </summary>
public sealed partial class ApiAuthorizationMatrixTests() : ConsoleTestBase(DatabaseProvider.Sqlite)
{
    /// <summary>The routes of backup tools: they take ingest keys and are tested with ingest.</summary>
    private static readonly string[] IngestRoutes = ["api/v1/runs", "api/upload"];

    [Fact]
    public async Task Every_api_route_answers_each_credential_as_its_policy_says()
    {
        var credentials = new (string Name, string? Value)[]
        {
            ("no credential", null),
            ("an ingest key", await ApiClient.CreateIngestKeyAsync(App)),
            ("a read-only token", await ApiClient.CreateTokenAsync(App, ApiAccess.ReadOnly, "reader")),
            ("a read-write token", await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite, "writer")),
        };
        var routes = Routes();
        var problems = new List<string>();

        foreach (var (method, url, policy) in routes)
        {
            if (policy is null)
            {
                problems.Add($"{method} {url}: no API policy (RequireAuthorization(ApiAuthentication.Read/Write/ReadJobs))");
                continue;
            }

            foreach (var (name, credential) in credentials)
            {
                var response = await new ApiClient(App.CreateClient(), credential).SendAsync(method, url, method is "GET" or "DELETE" ? null : "{}");
                var status = (int)response.StatusCode;
                var expected = Expected(policy, name);
                var allowed = expected == 0;
                var wrong = allowed ? status is 401 or 403 || status >= 500 : status != expected;
                if (wrong) problems.Add($"{method} {url} with {name} ({policy}): {status}, expected {(allowed ? "to be let in" : expected)}");
                else if (!allowed && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    problems.Add($"{method} {url} with {name}: {status} without problem+json");
            }
        }

        Assert.True(routes.Count >= 17, $"only {routes.Count} management routes found");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>0 when the credential is let in (the answer then depends on the request), else 401 or 403.</summary>
    private static int Expected(string policy, string credential) => (policy, credential) switch
    {
        (_, "no credential") => 401,
        (ApiAuthentication.ReadJobs, _) => 0,
        (_, "an ingest key") => 403,
        (ApiAuthentication.Write, "a read-only token") => 403,
        _ => 0,
    };

    private List<(string Method, string Url, string? Policy)> Routes()
    {
        var routes = new List<(string, string, string?)>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var raw = (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (!(raw.StartsWith("api/", StringComparison.Ordinal) || raw == "metrics") || IngestRoutes.Contains(raw)) continue;
            var url = "/" + Parameter().Replace(raw, match => Sample(match.Groups[1].Value));
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                routes.Add((method, url, policy));
        }

        return routes;
    }

    private static string Sample(string parameter) => parameter.TrimStart('*').Split(':', '?')[0] switch
    {
        "id" when parameter.Contains("long", StringComparison.Ordinal) => "1",
        "id" => Guid.NewGuid().ToString(),
        "server" => "nas-01",
        _ => "sample",
    };

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();
}
