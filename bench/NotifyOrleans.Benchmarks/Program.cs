using NotifyOrleans.Infrastructure.Subscriptions;
using NotifyOrleans.Infrastructure.SystemEvents;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Ingest;
using System.Text.Json;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

// Usage: dotnet run -c Release --project bench/NotifyOrleans.Benchmarks [-- postgres "<connection string>"]
//        dotnet run -c Release --project bench/NotifyOrleans.Benchmarks -- http WEB_DLL [postgres "<connection string>"]
//        dotnet run -c Release --project bench/NotifyOrleans.Benchmarks -- deadlines seed|watch DIRECTORY [postgres "<connection string>"]
if (args.FirstOrDefault() == "http")
{
    await HttpIngestBenchmark.RunAsync(args[1..]);
    return;
}

if (args.FirstOrDefault() == "deadlines")
{
    await DeadlineBenchmark.RunAsync(args[1..]);
    return;
}

var provider = args.Length > 0 && args[0] == "postgres" ? "Postgres" : "Sqlite";
var directory = Directory.CreateTempSubdirectory("notifyorleans-bench-").FullName;
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = provider,
    ["Database:ConnectionString"] = provider == "Postgres" ? args[1] : $"Data Source={directory}/bench.db",
    ["Delivery:DispatcherEnabled"] = "false",
    ["Orleans:SiloPort"] = "11199",
});
builder.Services.AddPersistence(builder.Configuration).AddDelivery().AddSubscriptions().AddSystemEvents().AddIngest();
builder.AddGrains();
using var host = builder.Build();
await host.MigrateDatabaseAsync();
await host.StartAsync(); // the Orleans silo
var services = host.Services;
Console.WriteLine($"# NotifyOrleans benchmarks on {provider}, {Environment.ProcessorCount} cores, .NET {Environment.Version}\n");

var grains = services.GetRequiredService<IGrainFactory>();
await Measure("grain turns, one grain, sequential (RecordLoginAsync)", 500, async n =>
{
    for (var i = 0; i < n; i++) await grains.GetGrain<IUserGrain>("bench-one").RecordLoginAsync();
});
await Measure("grain turns, 50 grains, 8 callers in parallel", 1000, async n =>
{
    await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
    {
        for (var i = worker; i < n; i += 8) await grains.GetGrain<IUserGrain>($"bench-{i % 50}").RecordLoginAsync();
    })));
});

// What /api/upload does after reading the body: parse a real Duplicati report, run the job's turn
// (state + history row + outbox rows in one transaction). 20 jobs, so turns do not queue on one lock.
var report = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixture-04-fail.json"));
await Measure("ingest: parse a real Duplicati report and record it (job turn with history)", 500, async n =>
{
    for (var i = 0; i < n; i++)
    {
        using var scope = services.CreateScope();
        using var json = JsonDocument.Parse(report);
        var parsed = DuplicatiReportParser.ParseJson(json.RootElement, $"server-{i % 20}", null, DateTimeOffset.UtcNow);
        await scope.ServiceProvider.GetRequiredService<IngestService>().RecordAsync(parsed.Value! with { RunId = Guid.NewGuid().ToString() }, default);
    }
});

var renderer = services.GetRequiredService<TemplateRenderer>();
await Measure("template renders (backup.failure)", 20_000, n =>
{
    for (var i = 0; i < n; i++)
        renderer.Render(EventTypes.BackupFailure, new NotificationContext { ServerName = "nas", BackupName = $"job {i}", Timestamp = DateTimeOffset.UtcNow, ErrorDetails = "disk full" });
    return Task.CompletedTask;
});

// Names and dedup keys of this run: the benchmarks can run again on the same database.
var runTag = Guid.NewGuid().ToString("N")[..8];
await using var receiver = await WebhookReceiver.StartAsync();
Guid channelId;
using (var scope = services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var channel = new Channel { Id = Guid.NewGuid(), Name = $"bench {runTag}", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
    scope.ServiceProvider.GetRequiredService<ChannelSettingsSerializer>().Write(channel, new WebhookSettings { Url = receiver.Url });
    db.Channels.Add(channel);
    await db.SaveChangesAsync();
    channelId = channel.Id;
}

const int rows = 2000;
await Measure("outbox enqueue (100 rows per transaction)", rows, async n =>
{
    for (var batch = 0; batch < n / 100; batch++)
    {
        using var scope = services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<NotificationOutbox>();
        for (var i = 0; i < 100; i++)
            await outbox.EnqueueAsync(renderer.Render(EventTypes.BackupFailure, new NotificationContext { ServerName = "nas", BackupName = $"job {batch}-{i}", Timestamp = DateTimeOffset.UtcNow }), channelId, $"bench-{runTag}-{batch}-{i}");
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
    }
});
var dispatcher = services.GetRequiredService<OutboxDispatcher>();
await Measure("outbox dispatch to a local webhook (claim, send, mark)", rows, async _ =>
{
    while (await dispatcher.DispatchOnceAsync() > 0) { }
}, warmUp: false); // a warm-up would drain the queue
Console.WriteLine($"\nwebhook requests received: {receiver.Count}");

Directory.Delete(directory, recursive: true);

static async Task Measure(string name, int operations, Func<int, Task> run, bool warmUp = true)
{
    if (warmUp) await run(Math.Max(1, operations / 20)); // JIT, connection pool
    var stopwatch = Stopwatch.StartNew();
    await run(operations);
    stopwatch.Stop();
    Console.WriteLine($"| {name} | {operations:N0} | {stopwatch.Elapsed.TotalMilliseconds:N0} ms | {operations / stopwatch.Elapsed.TotalSeconds:N0} /s | {stopwatch.Elapsed.TotalMilliseconds * 1000 / operations:N0} µs |");
}
