using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.ConfigurationBackups;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>A job's status badge, loaded as another site loads it: no login, its address copied from the job page.</summary>
public abstract class BadgeTests : ConsoleTestBase, IDisposable
{
    private string Folder { get; }

    protected BadgeTests(DatabaseProvider provider) : this(provider, Path.Combine(Path.GetTempPath(), "notifyorleans-badges-" + Guid.NewGuid().ToString("N"))) { }

    private BadgeTests(DatabaseProvider provider, string folder)
        : base(provider, services => services.PostConfigure<ConfigurationBackupOptions>(o => o.Folder = folder)) => Folder = folder;

    [Fact]
    public async Task Anyone_with_the_address_sees_the_jobs_state_of_now_and_no_other_job()
    {
        var admin = await SetUpAdminAsync();
        var key = await ApiClient.CreateIngestKeyAsync(App);
        await ReportAsync(key, "nas-01", "documents", "success");
        await ReportAsync(key, "db-01", "pg-dump", "failure");
        using var stranger = App.CreateClient(); // no cookie, no key
        var guessed = await stranger.GetAsync($"/badge/{Base64Url.EncodeToString(Encoding.UTF8.GetBytes("db-01/pg-dump"))}.AAAAAAAAAAAAAAAAAAAAAA.svg");
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
        Assert.False(await QueryAsync(db => db.AppSettings.AnyAsync(s => s.Key == BadgeLinks.SecretKey))); // a stranger's request made no secret

        var page = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        var svgAddress = new Uri(page.QuerySelector("#badge-svg")!.TextContent.Trim());
        var jsonAddress = new Uri(page.QuerySelector("#badge-json")!.TextContent.Trim());

        var ok = await stranger.GetAsync(svgAddress.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("image/svg+xml", ok.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-cache", ok.Headers.CacheControl!.ToString());
        var okSvg = await ok.Content.ReadAsStringAsync();
        Assert.Contains("<title>nas-01 / documents: ok</title>", okSvg);
        Assert.Contains("fill=\"#4c1\"", okSvg);
        Assert.Equal($"![nas-01 / documents]({svgAddress})", page.QuerySelector("#badge-markdown")!.TextContent.Trim());

        await ReportAsync(key, "nas-01", "documents", "failure");
        Assert.Contains("<title>nas-01 / documents: failed</title>", await stranger.GetStringAsync(svgAddress.PathAndQuery)); // the same address, the new state
        var shields = JsonNode.Parse(await stranger.GetStringAsync(jsonAddress.PathAndQuery))!;
        Assert.Equal("""{"schemaVersion":1,"label":"nas-01 / documents","message":"failed","color":"red"}""", shields.ToJsonString());
        var again = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        Assert.Equal(svgAddress.ToString(), again.QuerySelector("#badge-svg")!.TextContent.Trim()); // one address per job, to paste once

        // Another job's key under this job's signature: refused, as machines are (problem+json, no login page).
        var signature = svgAddress.Segments[^1].Split('.')[1];
        var forged = await stranger.GetAsync($"/badge/{Base64Url.EncodeToString(Encoding.UTF8.GetBytes("db-01/pg-dump"))}.{signature}.svg");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/badge/not-a-badge.svg")).StatusCode);
        var deeper = await stranger.GetAsync(svgAddress.PathAndQuery + "/extra");
        Assert.Equal(HttpStatusCode.NotFound, deeper.StatusCode);
        Assert.Contains("No badge at this address", await deeper.Content.ReadAsStringAsync());

        // A link checker's HEAD is answered as its GET.
        var head = await stranger.SendAsync(new HttpRequestMessage(HttpMethod.Head, svgAddress.PathAndQuery));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("image/svg+xml", head.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_script_reads_each_jobs_badge_from_the_api_to_lay_out_a_dashboard_and_a_backup_servers_key_does_not()
    {
        var key = await ApiClient.CreateIngestKeyAsync(App);
        await ReportAsync(key, "nas-01", "documents", "success");
        await ReportAsync(key, "db-01", "pg-dump", "failure");
        var api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, NotifyOrleans.Infrastructure.Access.ApiAccess.ReadOnly));

        var (_, list, _) = await api.JsonAsync("GET", "/api/v1/jobs");
        var (_, asKey, _) = await new ApiClient(App.CreateClient(), key).JsonAsync("GET", "/api/v1/jobs/nas-01/documents");

        using var stranger = App.CreateClient();
        foreach (var job in list!["jobs"]!.AsArray())
        {
            var badge = job!["badge"]!.GetValue<string>();
            Assert.Matches(@"^/badge/[\w-]+\.[\w-]{22}\.svg$", badge);
            Assert.Contains($"<title>{job["server"]} / {job["job"]}: ", await stranger.GetStringAsync(badge));
        }

        Assert.Equal(2, list["jobs"]!.AsArray().Count);
        Assert.Null(asKey!["badge"]); // for people with the job's settings in hand, not for a backup server's key
    }

    [Fact]
    public async Task The_markdown_line_escapes_what_markdown_would_read_in_a_name()
    {
        var admin = await SetUpAdminAsync();
        var key = await ApiClient.CreateIngestKeyAsync(App);
        await ReportAsync(key, "wiki-01", "half]open)paren|pipe", "success");

        var page = await admin.GetDocumentAsync("/Jobs/Details?id=" + Uri.EscapeDataString("wiki-01/half]open)paren|pipe"));

        Assert.StartsWith(@"![wiki-01 / half\]open)paren\|pipe](http", page.QuerySelector("#badge-markdown")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_deleted_jobs_badge_is_gone_and_a_configuration_backup_leaves_the_signing_secret_out()
    {
        var admin = await SetUpAdminAsync();
        var key = await ApiClient.CreateIngestKeyAsync(App);
        await ReportAsync(key, "nas-01", "documents", "warning");
        var page = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        var svgAddress = new Uri(page.QuerySelector("#badge-svg")!.TextContent.Trim()).PathAndQuery;
        using var stranger = App.CreateClient();
        Assert.Contains("<title>nas-01 / documents: warning</title>", await stranger.GetStringAsync(svgAddress));
        Assert.True(await QueryAsync(db => db.AppSettings.AnyAsync(s => s.Key == BadgeLinks.SecretKey)));

        using (var scope = App.Services.CreateScope())
        {
            var export = await scope.ServiceProvider.GetRequiredService<ConfigurationExporter>().ExportAsync("test");
            Assert.DoesNotContain(BadgeLinks.SecretKey, await File.ReadAllTextAsync(Path.Combine(Folder, export.Name)));
        }

        var deleted = await admin.SubmitAsync("/Jobs/Details?id=nas-01%2Fdocuments", new Dictionary<string, string>(), "#job-delete form");
        Assert.Equal(HttpStatusCode.Found, deleted.StatusCode); // to the job list
        Assert.Null(await QueryAsync(db => new JobQueries(db).FindAsync("nas-01/documents")));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(svgAddress)).StatusCode);
    }

    [Fact]
    public async Task A_servers_badge_and_all_jobs_badge_count_their_jobs_and_a_paused_jobs_failure_is_not_counted()
    {
        var admin = await SetUpAdminAsync();
        var key = await ApiClient.CreateIngestKeyAsync(App);
        await ReportAsync(key, "NAS-01", "documents", "success");
        await ReportAsync(key, "NAS-01", "photos", "failure");
        await ReportAsync(key, "db-01", "pg-dump", "success");
        await ReportAsync(key, "db-01", "wal", "warning");
        using var stranger = App.CreateClient();

        var page = await admin.GetDocumentAsync("/Servers");
        var all = new Uri(page.QuerySelector("#badge-all-json")!.TextContent.Trim()).PathAndQuery;
        string Json(string server) => new Uri(page.QuerySelector($"[data-server-badge='{server}'] code[id$='-json']")!.TextContent.Trim()).PathAndQuery;
        var nas = Json("NAS-01");
        var db = Json("db-01");

        Assert.Equal("""{"schemaVersion":1,"label":"backups","message":"1 failed, 1 warning","color":"red"}""", JsonNode.Parse(await stranger.GetStringAsync(all))!.ToJsonString());
        Assert.Equal("""{"schemaVersion":1,"label":"NAS-01","message":"1 failed","color":"red"}""", JsonNode.Parse(await stranger.GetStringAsync(nas))!.ToJsonString());
        Assert.Equal("""{"schemaVersion":1,"label":"db-01","message":"1 warning","color":"yellow"}""", JsonNode.Parse(await stranger.GetStringAsync(db))!.ToJsonString());
        var svg = await stranger.GetStringAsync(new Uri(page.QuerySelector("[data-server-badge='NAS-01'] code[id$='-svg']")!.TextContent.Trim()).PathAndQuery);
        Assert.Contains("<title>NAS-01: 1 failed</title>", svg);
        Assert.Equal($"![All backups]({page.QuerySelector("#badge-all-svg")!.TextContent.Trim()})", page.QuerySelector("#badge-all-markdown")!.TextContent.Trim());

        // Maintenance: a paused job's last failure is not the server's news; mended, it is all ok.
        var paused = await admin.SubmitAsync("/Jobs/Details?id=nas-01%2Fphotos", new Dictionary<string, string> { ["pauseFor"] = "1h" }, "#pause-form");
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal("1 ok, 1 paused", JsonNode.Parse(await stranger.GetStringAsync(nas))!["message"]!.GetValue<string>()); // not "2 ok": the failing one is not fine
        Assert.Equal("""{"schemaVersion":1,"label":"backups","message":"1 warning","color":"yellow"}""", JsonNode.Parse(await stranger.GetStringAsync(all))!.ToJsonString());
        await ReportAsync(key, "db-01", "wal", "success");
        Assert.Equal("""{"schemaVersion":1,"label":"backups","message":"3 ok, 1 paused","color":"brightgreen"}""", JsonNode.Parse(await stranger.GetStringAsync(all))!.ToJsonString());

        // The signature is of what the badge shows: a job's under a server's address, or the server renamed, is no badge.
        var signature = nas.Split('/')[^1].Split('.')[1];
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/badge/{Base64Url.EncodeToString(Encoding.UTF8.GetBytes("server:db-01"))}.{signature}.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/badge/{Base64Url.EncodeToString(Encoding.UTF8.GetBytes("*"))}.{signature}.json")).StatusCode);

        // A server whose jobs are all deleted has no badge.
        foreach (var job in new[] { "documents", "photos" })
            await admin.SubmitAsync($"/Jobs/Details?id=nas-01%2F{job}", new Dictionary<string, string>(), "form[action*='handler=Delete']");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(nas)).StatusCode);
    }

    private async Task ReportAsync(string key, string server, string job, string status)
    {
        var response = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent($$"""{"server":"{{server}}","job":"{{job}}","status":"{{status}}"}""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    void IDisposable.Dispose()
    {
        base.Dispose();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}

public sealed class BadgeTestsOnSqlite() : BadgeTests(DatabaseProvider.Sqlite);
public sealed class BadgeTestsOnPostgres() : BadgeTests(DatabaseProvider.Postgres);
