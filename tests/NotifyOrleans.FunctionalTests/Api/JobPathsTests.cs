using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Api;

/// <summary>
/// Job names in the jobs API's paths, over a real socket: Kestrel leaves <c>%2F</c> encoded and
/// decodes the rest, which the in-memory test server does not do alike (it keeps no request line).
/// </summary>
public sealed class JobPathsTests : IAsyncLifetime
{
    private readonly AppFactory _app = new(DatabaseProvider.Sqlite);
    private HttpClient _http = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        var port = Repository.FreePort();
        _app.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        _app.StartServer();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        _api = new ApiClient(_http, await ApiClient.CreateTokenAsync(_app, ApiAccess.ReadWrite));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private async Task ReportAsync(string key, string job)
    {
        var report = await _http.PostAsync($"/api/v1/runs?key={key}",
            new StringContent(new JsonObject { ["server"] = "nas-01", ["job"] = job, ["status"] = "success" }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(report.IsSuccessStatusCode, await report.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_job_whose_name_holds_a_percent_sign_is_reached_by_escaping_it_once()
    {
        var key = await ApiClient.CreateIngestKeyAsync(_app);
        await ReportAsync(key, "%2F");
        await ReportAsync(key, "50% off/a%2Fb");
        await ReportAsync(key, "docs/sub");

        // As a client library escapes a path segment: "%" is %25, "/" is %2F.
        var (single, one, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/%252F");
        var (paused, pauseAnswer, _) = await _api.JsonAsync("POST", "/api/v1/jobs/nas-01/%252F/pause", """{"for":"1h"}""");
        var (nested, other, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/50%25%20off%2Fa%252Fb");
        var (slashes, _, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/50%25%20off/a%252Fb"); // the rest of the path, its slashes as sent
        var (escapedSlash, sub, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/docs%2Fsub");

        Assert.True(single == 200, one?.ToJsonString());
        Assert.Equal("%2F", one!["job"]!.GetValue<string>());
        Assert.True(paused == 200, pauseAnswer?.ToJsonString());
        Assert.Equal((200, "50% off/a%2Fb"), (nested, other!["job"]!.GetValue<string>()));
        Assert.Equal(200, slashes);
        Assert.Equal((200, "docs/sub"), (escapedSlash, sub!["job"]!.GetValue<string>()));
    }
}
