using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>
/// Ingest while the app's dispatcher delivers every report's notification to a fast local
/// webhook, and while it tries to deliver every report's notification to a webhook that never
/// answers, beside ingest of jobs that notify nobody, alternating. Then the same rounds with the
/// dispatcher off (<c>Delivery:DispatcherEnabled=false</c>, the app restarted): every notification is
/// still rendered and written to the outbox with its report, and waits there. That is ingest alone,
/// the yardstick for what delivering costs it. Each phase's jobs that notify nobody scale its
/// figures, so the machine's drift between the two phases cancels out. The channels and the
/// default "Always" assignment for new jobs are written into the app's database with the app's own
/// services, as the console would (the webhook URLs encrypted with the app's key ring).
/// </summary>
public static class DeliveryDuringIngestBenchmark
{
    public delegate Task<(double Rate, double P99, int Errors)> Load(string jobPrefix);

    private sealed record Phase(double Quiet, double Notified, double Stalled);

    /// <param name="restart">Restarts the app with its dispatcher on (true) or off (false).</param>
    public static async Task RunAsync(IReadOnlyDictionary<string, string> appDatabase, Load load, Func<bool, Task> restart)
    {
        await using var fast = await WebhookReceiver.StartAsync();
        await using var silent = await WebhookReceiver.StartAsync(answers: false);
        await load("quiet-"); // these jobs are created with no channels
        await SetDefaultChannelAsync(appDatabase, fast.Url, "fast webhook");
        await load("notified-"); // these with the fast webhook, "Always"
        await SetDefaultChannelAsync(appDatabase, silent.Url, "silent webhook");
        await load("stalled-"); // and these with the webhook that never answers

        var quiet = new List<(double Rate, double P99, int Errors)>();
        var notified = new List<(double Rate, double P99, int Errors)>();
        var stalled = new List<(double Rate, double P99, int Errors)>();
        var sendsPerSecond = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            quiet.Add(await load("quiet-"));
            var before = fast.Count;
            var started = DateTime.UtcNow;
            notified.Add(await load("notified-"));
            sendsPerSecond.Add((fast.Count - before) / (DateTime.UtcNow - started).TotalSeconds);
            quiet.Add(await load("quiet-"));
            stalled.Add(await load("stalled-"));
        }

        var delivering = new Phase(quiet.Average(r => r.Rate), notified.Average(r => r.Rate), stalled.Average(r => r.Rate));
        var alone = await WithoutDispatcherAsync(appDatabase, load, restart);

        Console.WriteLine("\n# Ingest while the dispatcher delivers each report's notification to a local webhook (16 clients)\n");
        Console.WriteLine("| jobs | reports/s | p99 | errors | ratio to notifying nobody | ratio to ingest alone (dispatcher off) | webhook sends/s meanwhile |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row("notifying nobody", quiet, delivering.Quiet, "—", "—");
        Row("notifying a fast webhook (Always)", notified, delivering.Quiet, $"{delivering.Notified / delivering.Quiet / (alone.Notified / alone.Quiet):0.00}", $"{sendsPerSecond.Average():N0}");
        Row("notifying a webhook that never answers", stalled, delivering.Quiet, $"{delivering.Stalled / delivering.Quiet / (alone.Stalled / alone.Quiet):0.00}", $"{silent.Count} tried in all");
        Console.WriteLine($"\nDispatcher off: notifying nobody {alone.Quiet:N0}/s, the fast webhook's jobs {alone.Notified:N0}/s ({alone.Notified / alone.Quiet:0.00}), the silent webhook's jobs {alone.Stalled:N0}/s ({alone.Stalled / alone.Quiet:0.00}).");
    }

    /// <summary>
    /// The same rounds on the app restarted with its dispatcher off (warmed first: a restarted app
    /// compiles its code again); then on again, without the tens of thousands of notifications that
    /// waited meanwhile, so the benchmarks after this one measure ingest, not a backlog's delivery.
    /// </summary>
    private static async Task<Phase> WithoutDispatcherAsync(IReadOnlyDictionary<string, string> appDatabase, Load load, Func<bool, Task> restart)
    {
        await restart(false);
        await load("quiet-");
        await load("notified-");
        var quiet = new List<double>();
        var notified = new List<double>();
        var stalled = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            quiet.Add((await load("quiet-")).Rate);
            notified.Add((await load("notified-")).Rate);
            quiet.Add((await load("quiet-")).Rate);
            stalled.Add((await load("stalled-")).Rate);
        }

        await WithServicesAsync(appDatabase, (db, _) => db.Outbox.Where(r => r.Status == OutboxStatus.Pending).ExecuteDeleteAsync());
        await restart(true);
        return new Phase(quiet.Average(), notified.Average(), stalled.Average());
    }

    private static void Row(string jobs, List<(double Rate, double P99, int Errors)> rounds, double quietRate, string ratioToAlone, string sends) =>
        Console.WriteLine($"| {jobs} | {rounds.Average(r => r.Rate):N0} | {rounds.Max(r => r.P99):0.0} ms | {rounds.Sum(r => r.Errors)} | {rounds.Average(r => r.Rate) / quietRate:0.00} | {ratioToAlone} | {sends} |");

    private static Task SetDefaultChannelAsync(IReadOnlyDictionary<string, string> appDatabase, string webhookUrl, string name) =>
        WithServicesAsync(appDatabase, async (db, services) =>
        {
            var channel = new Channel { Id = Guid.NewGuid(), Name = name, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            services.GetRequiredService<ChannelSettingsSerializer>().Write(channel, new WebhookSettings { Url = webhookUrl });
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            await services.GetRequiredService<JobDefaults>().SetAsync([new ChannelAssignment(channel.Id, NotifyCondition.Always)]);
        });

    /// <summary>Runs <paramref name="work"/> with the app's own services on the app's database.</summary>
    private static async Task WithServicesAsync(IReadOnlyDictionary<string, string> appDatabase, Func<AppDbContext, IServiceProvider, Task> work)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(appDatabase!).Build();
        await using var services = new ServiceCollection().AddLogging().AddPersistence(configuration).AddDelivery().AddSystemEvents().AddIngest().BuildServiceProvider();
        using var scope = services.CreateScope();
        await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider);
    }
}
