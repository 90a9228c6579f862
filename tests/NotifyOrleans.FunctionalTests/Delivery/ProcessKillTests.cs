using System.Diagnostics;
using System.Text.Json.Nodes;
using NotifyOrleans.FunctionalTests.Channels;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Delivery;

/// <summary>
/// The real app as its own process, killed with SIGKILL in the middle of a burst and started
/// again: every notification is delivered, and only those in flight at the kill may arrive twice.
/// </summary>
public sealed class ProcessKillTests : IAsyncLifetime
{
    private const int Burst = 200;
    private readonly TestDatabase _database = new(DatabaseProvider.Postgres);
    private readonly FakeWebhookReceiver _receiver = new() { Delay = TimeSpan.FromMilliseconds(25) };
    private AppFactory _enqueuer = null!;

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        // An in-process node without a dispatcher creates the schema and enqueues, like the ingest API will.
        _enqueuer = new AppFactory(DatabaseProvider.Postgres, sharedDatabase: _database);
        _ = _enqueuer.Services;
    }

    [Fact]
    public async Task After_a_sigkill_mid_burst_and_a_restart_every_notification_arrives()
    {
        var harness = new DeliveryHarness(_enqueuer);
        var channel = await harness.AddChannelAsync("Hook", new WebhookSettings { Url = _receiver.BaseUrl + "/hook" });
        await harness.EnqueueAsync(channel, Enumerable.Range(1, Burst).Select(i => (SampleMessages.Failure($"failure {i:000}"), $"run-{i}")).ToArray());

        using (var first = StartApp())
        {
            await DeliveryHarness.EventuallyAsync(() => Task.FromResult(_receiver.Received.Count >= Burst / 4), TimeSpan.FromSeconds(60), "a quarter delivered");
            first.Kill(); // SIGKILL: no shutdown, no cleanup
            await first.WaitForExitAsync();
        }

        var deliveredBeforeKill = _receiver.Received.Count;
        Assert.True(deliveredBeforeKill < Burst, "the kill came too late to prove anything");
        using var second = StartApp();
        try
        {
            await DeliveryHarness.EventuallyAsync(async () => (await harness.RowsAsync()).All(r => r.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(90), "all delivered after restart");
        }
        finally
        {
            second.Kill();
        }

        var titles = _receiver.Received.Select(r => JsonNode.Parse(r.Body)!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(Burst, titles.Distinct().Count());
        // Duplicates only from the rows in flight at the kill (one batch at most).
        Assert.InRange(titles.Count - Burst, 0, 100);
    }

    private Process StartApp()
    {
        var dll = Repository.WebDll;
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:{Repository.FreePort()}")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NotifyOrleans__Database__Provider"] = "Postgres";
        start.Environment["NotifyOrleans__Orleans__SiloPort"] = Repository.ListenPort().ToString(); // a node of its own beside the enqueuer and other tests' apps
        start.Environment["NotifyOrleans__Database__ConnectionString"] = _database.ConnectionString;
        start.Environment["NotifyOrleans__DataProtection__CertificatePath"] = TestKeyRing.CertificatePath; // the enqueuer's, as every node of a cluster needs
        start.Environment["NotifyOrleans__Delivery__Lease"] = "00:00:03";
        start.Environment["NotifyOrleans__Delivery__BatchSize"] = "20";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public async Task DisposeAsync()
    {
        _enqueuer.Dispose();
        _database.Dispose();
        await _receiver.DisposeAsync();
    }
}
