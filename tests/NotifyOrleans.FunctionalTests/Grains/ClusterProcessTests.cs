using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>
/// A real cluster: two app processes on one PostgreSQL database, reports for the same jobs sent
/// to both, and one node killed with SIGKILL in the middle of the burst. Every accepted report is
/// kept once, no update is lost, every notification is delivered by the survivor, and duplicates
/// are bounded by what was in flight.
/// </summary>
public sealed class ClusterProcessTests : IAsyncLifetime
{
    private const int Reports = 240, Jobs = 12;
    private readonly MigratedDatabase _database = new(DatabaseProvider.Postgres);
    private readonly FakeWebhookReceiver _receiver = new();
    private readonly List<Node> _nodes = [];

    private sealed record Node(Process Process, string Url, StringBuilder Output);

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        await using var db = await _database.Contexts.CreateDbContextAsync();
        var channel = new Channel { Id = Guid.NewGuid(), Name = "Hook", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        new ChannelSettingsSerializer(_database.Services.GetRequiredService<IDataProtectionProvider>()).Write(channel, new WebhookSettings { Url = _receiver.BaseUrl + "/hook" });
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        await new JobDefaults(db, TimeProvider.System).SetAsync([new ChannelAssignment(channel.Id, NotifyCondition.OnFailure)]);
    }

    [Fact]
    public async Task Two_nodes_share_the_jobs_and_survive_the_sigkill_of_one_with_nothing_lost()
    {
        string key;
        await using (var db = await _database.Contexts.CreateDbContextAsync())
            key = (await new IngestKeys(db, TimeProvider.System, new MemoryCache(new MemoryCacheOptions())).CreateAsync("cluster", null, null, "tests")).Key;
        // Long enough for a report to wait on the survivor while the dead node is voted out (NodeLoss).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var nodeA = await StartHealthyNodeAsync(http);
        var nodeB = await StartHealthyNodeAsync(http); // joins A's cluster through the membership table
        var (urlA, urlB) = (nodeA.Url, nodeB.Url);

        var accepted = 0;
        var killed = 0;
        var serverErrors = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Reports), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, _) =>
        {
            var body = JsonSerializer.Serialize(new { server = "nas", job = $"job-{i % Jobs}", status = "failure", runId = $"r{i}", endedAt = DateTimeOffset.UtcNow.AddMinutes(-Reports + i) });
            var target = i % 2 == 0 ? urlA : urlB;
            // A client (or the load balancer) retries until the report is accepted, moving to the
            // other node when one does not answer (the dead one).
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var response = await http.PostAsync($"{target}/api/v1/runs?key={key}", new StringContent(body, Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.OK) break;
                    if ((int)response.StatusCode >= 500) serverErrors.Add($"report {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }

                if (attempt > 120) throw new TimeoutException($"report {i} was never accepted");
                target = urlA;
                await Task.Delay(500);
            }

            if (Interlocked.Increment(ref accepted) == Reports / 3 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                nodeB.Process.Kill(); // SIGKILL: no shutdown, no hand-over
            }
        });

        await using (var db = await _database.Contexts.CreateDbContextAsync())
        {
            Assert.Equal(1, killed);
            Assert.True(serverErrors.IsEmpty, string.Join("\n", serverErrors.Take(5))); // a survivor waits for the dead node's grains, never answers 5xx
            Assert.Equal(Reports, await db.BackupRuns.CountAsync());
            Assert.Equal(Reports, await db.BackupRuns.Select(r => r.RunId).Distinct().CountAsync());
            var counts = await db.BackupJobs.Select(j => j.RunCount).ToListAsync();
            Assert.Equal(Jobs, counts.Count);
            Assert.All(counts, count => Assert.Equal(Reports / Jobs, count)); // no lost update
        }

        await DeliveryHarness.EventuallyAsync(async () =>
        {
            await using var db = await _database.Contexts.CreateDbContextAsync();
            return await db.Outbox.CountAsync() == Reports && await db.Outbox.AllAsync(r => r.Status == OutboxStatus.Sent);
        }, TimeSpan.FromSeconds(120), "every notification delivered by the survivor");
        Assert.InRange(_receiver.Received.Count - Reports, 0, 2 * 20); // doubles only from sends in flight at the kill
        // The admins are told, once, by the survivor: the log's errors about undeliverable messages were all there was.
        await using (var db = await _database.Contexts.CreateDbContextAsync())
        {
            var lost = await db.SystemEvents.Where(e => e.FaultKey != null && e.FaultKey.StartsWith("node-lost:")).Select(e => e.Summary).ToListAsync();
            Assert.Contains("stopped answering and the other nodes voted it out", Assert.Single(lost));
        }
    }

    [Fact]
    public async Task Failed_sign_ins_from_one_address_count_across_the_nodes()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var nodeA = await StartHealthyNodeAsync(http);
        var nodeB = await StartHealthyNodeAsync(http);
        var (clientA, clientB) = (BrowserOf(nodeA), BrowserOf(nodeB));
        await BrowserOf(nodeA).SubmitAsync("/Setup", new Dictionary<string, string>
        {
            ["Input.Email"] = ConsoleTestBase.AdminEmail, ["Input.DisplayName"] = "Ada", ["Input.Password"] = ConsoleTestBase.AdminPassword, ["Input.ConfirmPassword"] = ConsoleTestBase.AdminPassword,
        });
        Task<HttpResponseMessage> SignIn(FormClient client, string email, string password) => client.SubmitAsync("/Identity/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password }, "form#account");

        // Twenty guesses spread over both nodes, as a load balancer spreads them: ten each.
        for (var attempt = 0; attempt < 20; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await SignIn(attempt % 2 == 0 ? clientA : clientB, $"someone{attempt}@example.test", "Summer2026!")).StatusCode);
        var onA = await SignIn(BrowserOf(nodeA), ConsoleTestBase.AdminEmail, ConsoleTestBase.AdminPassword);
        var onB = await SignIn(BrowserOf(nodeB), ConsoleTestBase.AdminEmail, ConsoleTestBase.AdminPassword);

        Assert.Equal(((HttpStatusCode)429, (HttpStatusCode)429), (onA.StatusCode, onB.StatusCode)); // per node, each had allowed ten more

        // A node stopped as a deploy stops it (SIGTERM) left; it was not lost: no System Error says so.
        using (var term = Process.Start("kill", ["-TERM", $"{nodeB.Process.Id}"])) await term.WaitForExitAsync();
        await nodeB.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // the survivor reported a lost node in the same second
        await using var db = await _database.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.SystemEvents.CountAsync(e => e.FaultKey != null && e.FaultKey.StartsWith("node-lost:")));
    }

    private static FormClient BrowserOf(Node node) =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(node.Url) });

    /// <summary>Starts a node and waits for its /healthz; a node that exits or stays silent fails the test with its output.</summary>
    private async Task<Node> StartHealthyNodeAsync(HttpClient http)
    {
        var node = StartNode();
        try
        {
            await DeliveryHarness.EventuallyAsync(async () =>
            {
                if (node.Process.HasExited) throw new InvalidOperationException($"{node.Url} exited with {node.Process.ExitCode}:\n{Output(node)}");
                try { return (await http.GetAsync(node.Url + "/healthz")).IsSuccessStatusCode; }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException) { return false; }
            }, TimeSpan.FromSeconds(120), $"{node.Url} healthy");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}; its output:\n{Output(node)}", timeout);
        }

        return node;
    }

    private static string Output(Node node)
    {
        lock (node.Output) return node.Output.ToString();
    }

    private Node StartNode()
    {
        var url = $"http://127.0.0.1:{Repository.FreePort()}";
        var dll = Repository.WebDll;
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls {url}")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["NotifyOrleans__Database__Provider"] = "Postgres",
            ["NotifyOrleans__Database__ConnectionString"] = _database.Configuration["Database:ConnectionString"]!,
            ["NotifyOrleans__Orleans__SiloPort"] = Repository.ListenPort().ToString(),
            // Every node of a cluster the same key-ring certificate (README), as the test's own services use.
            ["NotifyOrleans__DataProtection__CertificatePath"] = TestKeyRing.CertificatePath,
            // Notice a dead node in a few seconds instead of Orleans' default ten, with room for a
            // busy 2-core machine (a node starved for a second must not be voted dead).
            ["NotifyOrleans__Orleans__Membership__ProbeTimeout"] = "00:00:02",
            ["NotifyOrleans__Orleans__Membership__NumMissedProbesLimit"] = "3",
            ["NotifyOrleans__Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
            ["NotifyOrleans__Orleans__Membership__TableRefreshTimeout"] = "00:00:05",
            ["NotifyOrleans__Delivery__Lease"] = "00:00:03",
            ["NotifyOrleans__Delivery__BatchSize"] = "20",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        })
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new Node(process, url, output);
        _nodes.Add(node);
        return node;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (!node.Process.HasExited) node.Process.Kill(entireProcessTree: true);
            await node.Process.WaitForExitAsync();
            node.Process.Dispose();
        }

        await _receiver.DisposeAsync();
        await _database.DisposeAsync();
    }
}
