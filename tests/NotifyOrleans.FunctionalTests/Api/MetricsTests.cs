using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Api;

/// <summary>
/// <c>/metrics</c> as Prometheus scrapes it with a read-only API token: each job's result and
/// figures, the counts, a channel's health and the notifications waiting, as the hub knows them.
/// </summary>
public abstract class MetricsTests(DatabaseProvider provider) : IDisposable
{
    private readonly AppFactory _app = new(provider);
    private string _scraped = "";

    [Fact]
    public async Task Prometheus_reads_each_jobs_result_and_figures_the_channels_health_and_what_waits()
    {
        var manage = new ApiClient(_app.CreateClient(), await ApiClient.CreateTokenAsync(_app, ApiAccess.ReadWrite));
        var harness = new DeliveryHarness(_app);
        var pager = await harness.AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" }); // never answers
        var old = await harness.AddChannelAsync("Old hook", new WebhookSettings { Url = "http://127.0.0.1:9/old" });
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Channels.FindAsync(old))!.Enabled = false;
            await db.SaveChangesAsync();
        }

        var (assigned, _, _) = await manage.JsonAsync("PATCH", "/api/v1/jobs/db-01/pg_dump", $$"""{"assignments":[{"channel":"{{pager}}","when":["failure"]}]}""");
        Assert.Equal(201, assigned); // the job, set up ahead of its first report
        var ended = new DateTimeOffset(2026, 11, 22, 1, 4, 0, TimeSpan.Zero);
        await ReportAsync("""{"server":"nas-01","job":"Documents","status":"success","startedAt":"2026-11-22T01:00:00Z","endedAt":"2026-11-22T01:04:00Z","sizeBytes":5000000,"fileCount":1234}""");
        await ReportAsync("""{"server":"db-01","job":"pg_dump","status":"success","startedAt":"2026-11-21T01:00:00Z","endedAt":"2026-11-21T01:05:00Z"}""");
        await ReportAsync("""{"server":"db-01","job":"pg_dump","status":"failure","message":"exit 3"}"""); // no figures: the success's must not stay
        await ReportAsync("""{"server":"web-01","job":"files","status":"warning"}""");
        Assert.Equal(201, (await manage.JsonAsync("PATCH", "/api/v1/jobs/app-01/mysql", """{"schedule":{"every":"1D"}}""")).Status); // set up, not reported yet

        var metrics = await ScrapeAsync(await ApiClient.CreateTokenAsync(_app, ApiAccess.ReadOnly, "prometheus"));

        Assert.Equal(1, metrics["notifyorleans_job_status{server=\"nas-01\",backup=\"Documents\"}"]);
        Assert.Equal(3, metrics["notifyorleans_job_status{server=\"db-01\",backup=\"pg_dump\"}"]);
        Assert.Equal(1, metrics["notifyorleans_job_up{server=\"nas-01\",backup=\"Documents\"}"]);
        Assert.Equal(0, metrics["notifyorleans_job_up{server=\"db-01\",backup=\"pg_dump\"}"]);
        Assert.Equal(0, metrics["notifyorleans_job_up{server=\"web-01\",backup=\"files\"}"]); // warnings count as failures by default: an incident
        Assert.Equal(2, metrics["notifyorleans_job_status{server=\"web-01\",backup=\"files\"}"]);
        Assert.Equal(0, metrics["notifyorleans_job_status{server=\"app-01\",backup=\"mysql\"}"]);
        Assert.Equal(1, metrics["notifyorleans_job_up{server=\"app-01\",backup=\"mysql\"}"]);
        Assert.False(metrics.ContainsKey("notifyorleans_job_last_run_timestamp_seconds{server=\"app-01\",backup=\"mysql\"}"));
        Assert.False(metrics.ContainsKey("notifyorleans_job_last_duration_seconds{server=\"db-01\",backup=\"pg_dump\"}"));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 1, 5, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
            metrics["notifyorleans_job_last_success_timestamp_seconds{server=\"db-01\",backup=\"pg_dump\"}"]); // the success before the failure
        Assert.False(metrics.ContainsKey("notifyorleans_job_last_success_timestamp_seconds{server=\"app-01\",backup=\"mysql\"}"));
        Assert.Equal(0, metrics["notifyorleans_job_acknowledged{server=\"db-01\",backup=\"pg_dump\"}"]);
        Assert.Equal(0, metrics["notifyorleans_job_overdue{server=\"nas-01\",backup=\"Documents\"}"]);
        Assert.Equal(ended.ToUnixTimeSeconds(), metrics["notifyorleans_job_last_run_timestamp_seconds{server=\"nas-01\",backup=\"Documents\"}"]);
        Assert.Equal(240, metrics["notifyorleans_job_last_duration_seconds{server=\"nas-01\",backup=\"Documents\"}"]);
        Assert.Equal(5_000_000, metrics["notifyorleans_job_last_size_bytes{server=\"nas-01\",backup=\"Documents\"}"]);
        Assert.Equal(1234, metrics["notifyorleans_job_last_files{server=\"nas-01\",backup=\"Documents\"}"]);
        Assert.Equal((1, 1, 1, 1, 0), (metrics["notifyorleans_jobs{status=\"none\"}"], metrics["notifyorleans_jobs{status=\"success\"}"], metrics["notifyorleans_jobs{status=\"warning\"}"],
            metrics["notifyorleans_jobs{status=\"failure\"}"], metrics["notifyorleans_jobs{status=\"overdue\"}"]));
        Assert.Equal(1, metrics["notifyorleans_channel_up{channel=\"Pager\",kind=\"webhook\"}"]); // one failed send is not yet "not answering"
        Assert.Equal(0, metrics["notifyorleans_channel_up{channel=\"Old hook\",kind=\"webhook\"}"]);
        Assert.Equal(1, metrics["notifyorleans_notifications_waiting{status=\"pending\"}"]); // the failure's notice, for a pager that never answers
        Assert.InRange(metrics["notifyorleans_notifications_oldest_pending_seconds"], 0, 600); // it waits since the report
        Assert.Equal((1, 0), (metrics["notifyorleans_cluster_nodes{status=\"active\"}"], metrics["notifyorleans_cluster_nodes{status=\"dead\"}"])); // this node
        Assert.DoesNotContain(metrics.Keys, name => name.StartsWith("orleans", StringComparison.Ordinal)); // the app's series, not the runtime's thousands
        var (exit, said) = await Promtool.RunAsync(["check", "metrics"], _scraped);
        Assert.True(exit == 0 && said.Length == 0, $"promtool check metrics: {said}"); // Prometheus' own checker: the format and its naming rules
    }

    [Fact]
    public async Task Metrics_need_an_api_token()
    {
        var http = _app.CreateClient();
        var anonymous = await http.GetAsync("/metrics");
        var withKey = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", await ApiClient.CreateIngestKeyAsync(_app)) } };

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(withKey)).StatusCode);
    }

    private async Task ReportAsync(string run)
    {
        var key = await ApiClient.CreateIngestKeyAsync(_app);
        var response = await _app.CreateClient().PostAsync($"/api/v1/runs?key={key}", new StringContent(run, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The scrape as series name with labels → value (the text format's sample lines).</summary>
    private async Task<Dictionary<string, double>> ScrapeAsync(string token)
    {
        var http = _app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.GetAsync("/metrics");
        var text = _scraped = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return text.Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => (Name: line[..line.LastIndexOf(' ')], Value: double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
            .ToDictionary(sample => sample.Name, sample => sample.Value);
    }

    public void Dispose() => _app.Dispose();
}

public sealed class MetricsTestsOnSqlite() : MetricsTests(DatabaseProvider.Sqlite);
public sealed class MetricsTestsOnPostgres() : MetricsTests(DatabaseProvider.Postgres);
