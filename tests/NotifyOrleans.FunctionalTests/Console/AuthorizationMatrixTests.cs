using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Console;

/// <summary>
/// Every route the app maps (each page with each of its handlers, each API route) requested as
/// anonymous, Member and Admin, against the rule its path falls under. The list comes from the
/// app's own endpoints, so a new page or route without a rule here fails this test.
/// </summary>
public sealed partial class AuthorizationMatrixTests() : ConsoleTestBase(DatabaseProvider.Sqlite)
{
    /// <summary>SignedLink: no login, the link's signature is the credential (a made-up one is a 404 to anyone).</summary>
    private enum Rule { Anyone, SignedIn, AdminOnly, NotOffered, Machine, SignedLink }

    private static readonly string[] AdminFolders = ["/Users", "/Events", "/Channels", "/Notifications", "/SystemNotifications", "/ConfigurationBackup", "/Templates", "/Servers", "/Tokens", "/Cluster", "/cluster"];
    private static readonly string[] OpenPages = ["/Setup", "/Error", "/Identity/Error", "/Identity/Account/Login", "/Identity/Account/Logout", "/Identity/Account/Lockout",
        "/Identity/Account/AccessDenied", "/Identity/Account/LoginWith2fa", "/Identity/Account/LoginWithRecoveryCode"];
    private static readonly string[] NotOfferedPages = ["/Identity/Account/Register", "/Identity/Account/RegisterConfirmation", "/Identity/Account/ForgotPassword",
        "/Identity/Account/ForgotPasswordConfirmation", "/Identity/Account/ResetPassword", "/Identity/Account/ResetPasswordConfirmation",
        "/Identity/Account/ConfirmEmail", "/Identity/Account/ConfirmEmailChange", "/Identity/Account/ResendEmailConfirmation", "/Identity/Account/ExternalLogin",
        "/Identity/Account/Manage/Email", "/Identity/Account/Manage/PersonalData", "/Identity/Account/Manage/DeletePersonalData",
        "/Identity/Account/Manage/DownloadPersonalData", "/Identity/Account/Manage/ExternalLogins", "/Identity/Account/Manage/SetPassword"];
    private static readonly string[] SignedInPages = ["/", "/Index", "/Jobs", "/Deliveries", "/Account/Notifications", "/Identity/Account/Manage"];

    private static Rule? RuleFor(string path) =>
        path.StartsWith("/api/", StringComparison.Ordinal) || path == "/ping" || path.StartsWith("/ping/", StringComparison.Ordinal) || path is "/healthz" or "/metrics" ? Rule.Machine
        : path is "/ack" or "/badge" ? Rule.SignedLink
        : NotOfferedPages.Contains(path) ? Rule.NotOffered
        : OpenPages.Contains(path) ? Rule.Anyone
        : AdminFolders.Any(folder => path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal)) ? Rule.AdminOnly
        : SignedInPages.Any(page => path == page || path.StartsWith(page + "/", StringComparison.Ordinal)) ? Rule.SignedIn
        : null;

    [Fact]
    public async Task Every_page_handler_and_api_route_answers_each_role_as_its_rule_says()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var roles = new (string Name, HttpClient Client)[] { ("anonymous", NewClient().Http), ("member", (await LoginAsync(MemberEmail, MemberPassword)).Http), ("admin", admin.Http) };
        var requests = await RequestsAsync();
        var problems = new List<string>();

        foreach (var (method, path, url) in requests)
        {
            if (RuleFor(path) is not { } rule)
            {
                problems.Add($"{method} {path}: no rule (add one to {nameof(AuthorizationMatrixTests)})");
                continue;
            }

            foreach (var (role, client) in roles)
            {
                // Headers only: the status is what is checked, and the dashboard's /cluster/dashboard/Trace streams for ever.
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "GET" ? null : new FormUrlEncodedContent([]) },
                    HttpCompletionOption.ResponseHeadersRead);
                if (Verdict(rule, role, response) is { } wrong) problems.Add($"{method} {url} as {role} ({rule}): {(int)response.StatusCode} {wrong}");
            }
        }

        Assert.True(requests.Count > 60, $"only {requests.Count} routes found");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string? Verdict(Rule rule, string role, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var toLogin = status == 302 && response.Headers.Location?.OriginalString.Contains("/Identity/Account/Login", StringComparison.Ordinal) == true;
        if (status >= 500) return "a server error";
        return rule switch
        {
            Rule.NotOffered => status == 404 ? null : "should be 404",
            Rule.Machine => status is 301 or 302 or 303 or 307 or 308 ? "a machine route redirected"
                : response.Content.Headers.ContentType?.MediaType is "text/html" ? "a machine route answered HTML" : null,
            Rule.Anyone => null,
            Rule.SignedLink => status == 404 ? null : "a made-up signed link should be 404",
            Rule.SignedIn => role == "anonymous" ? (toLogin ? null : "should redirect to the login page")
                : status is 401 or 403 || toLogin ? "refused a signed-in user" : null,
            Rule.AdminOnly => role == "anonymous" ? (toLogin ? null : "should redirect to the login page")
                : role == "member" ? (status == 403 ? null : "should be 403 for a member")
                : status is 401 or 403 || toLogin ? "refused the admin" : null,
            _ => "unknown rule",
        };
    }

    /// <summary>(method, path for the rule, URL to request) for every page handler and API route the app maps.</summary>
    private async Task<List<(string Method, string Path, string Url)>> RequestsAsync()
    {
        var loader = App.Services.GetRequiredService<PageLoader>();
        var requests = new List<(string, string, string)>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var raw = (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (Path.HasExtension(raw) || raw.StartsWith("Identity/lib/", StringComparison.Ordinal)) continue; // static files, public by design
            var path = "/" + Parameter().Replace(raw, match => Sample(match.Groups[1].Value));
            var rulePath = "/" + (raw == "Index" ? "" : raw.EndsWith("/Index", StringComparison.Ordinal) ? raw[..^"/Index".Length] : raw);
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods)
                {
                    var url = handler.Name is null ? path : $"{path}?handler={handler.Name}";
                    requests.Add((handler.HttpMethod.ToUpperInvariant(), StripParameters(rulePath), url));
                }

                if (compiled.HandlerMethods.Count == 0) requests.Add(("GET", StripParameters(rulePath), path));
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods.Where(m => m != "HEAD")) requests.Add((method, StripParameters(rulePath).TrimEnd('/'), path));
        }

        // Orleans' dashboard is mapped at its first visit (UseClusterDashboard): not in the list above.
        requests.AddRange(ClusterDashboardUrls.Select(url => ("GET", "/cluster/dashboard", url)));
        return requests.Distinct().ToList();
    }

    /// <summary>Some of the dashboard's routes: its page, its script, and the JSON it polls.</summary>
    private static readonly string[] ClusterDashboardUrls = ["/cluster/dashboard/", "/cluster/dashboard/index.min.js", "/cluster/dashboard/DashboardCounters", "/cluster/dashboard/ClusterStats", "/cluster/dashboard/Reminders", "/cluster/dashboard/GrainTypes"];

    [Fact]
    public async Task The_cluster_dashboard_mapped_at_its_first_visit_serves_the_admin_and_no_one_else()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);

        // Side by side: the first visits race to map it; each must get the dashboard.
        var answers = await Task.WhenAll(ClusterDashboardUrls.Select(async url => (url, await admin.Http.GetAsync(url))));
        var counters = await admin.Http.GetAsync("/cluster/dashboard/DashboardCounters");
        var toMember = await member.Http.GetAsync("/cluster/dashboard/DashboardCounters");
        var toAnonymous = await NewClient().Http.GetAsync("/cluster/dashboard/DashboardCounters");

        Assert.All(answers, answer => Assert.True(answer.Item2.StatusCode == HttpStatusCode.OK, $"{answer.url}: {(int)answer.Item2.StatusCode}"));
        Assert.Contains("<html", await answers[0].Item2.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("application/json", counters.Content.Headers.ContentType?.MediaType);
        Assert.Contains("totalActiveHostCount", await counters.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, toMember.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, toAnonymous.StatusCode);
        Assert.Contains("/Identity/Account/Login", toAnonymous.Headers.Location?.OriginalString);
    }

    /// <summary>The path a rule matches: <c>/Jobs/Details/{id?}</c> → <c>/Jobs/Details</c>; API routes keep their prefix.</summary>
    private static string StripParameters(string path)
    {
        var cut = path.IndexOf('{');
        return cut < 0 ? path : path[..cut].TrimEnd('/') is { Length: > 0 } prefix ? prefix : "/";
    }

    /// <summary>A value for a route parameter: random ids, and real ones where a made-up value says nothing (the dashboard's silo address).</summary>
    private string Sample(string parameter) => parameter.TrimStart('*').Split(':', '?', '=')[0] switch
    {
        "exitCode" or "page" => "1",
        "key" => "nok_unknown",
        "address" or "path" => App.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString(),
        "grainName" => typeof(NotifyOrleans.Infrastructure.Grains.UserGrain).FullName!,
        var name when name.Contains("id", StringComparison.OrdinalIgnoreCase) => Guid.NewGuid().ToString(),
        _ => "sample",
    };

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();
}
