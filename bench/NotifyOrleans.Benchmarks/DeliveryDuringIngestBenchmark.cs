using NotifyOrleans.Infrastructure.SystemEvents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// Ingest while the app's dispatcher delivers every report's notification to a fast local
/// webhook, and while it tries to deliver every report's notification to a webhook that never
/// answers, beside ingest of jobs that notify nobody, alternating. The channels and the default
/// "Always" assignment for new jobs are written into the app's database with the app's own
/// services, as the console would (the webhook URLs encrypted with the app's key ring).
/// </summary>
public static class DeliveryDuringIngestBenchmark
{
    public delegate Task<(double Rate, double P99, int Errors)> Load(string jobPrefix);

    public static async Task RunAsync(IReadOnlyDictionary<string, string> appDatabase, Load load)
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

        Console.WriteLine("\n# Ingest while the dispatcher delivers each report's notification to a local webhook (16 clients)\n");
        Console.WriteLine("| jobs | reports/s | p99 | errors | ratio to notifying nobody | webhook sends/s meanwhile |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var quietRate = quiet.Average(r => r.Rate);
        Row("notifying nobody", quiet, quietRate, "—");
        Row("notifying a fast webhook (Always)", notified, quietRate, $"{sendsPerSecond.Average():N0}");
        Row("notifying a webhook that never answers", stalled, quietRate, $"{silent.Count} tried in all");
    }

    private static void Row(string jobs, List<(double Rate, double P99, int Errors)> rounds, double quietRate, string sends) =>
        Console.WriteLine($"| {jobs} | {rounds.Average(r => r.Rate):N0} | {rounds.Max(r => r.P99):0.0} ms | {rounds.Sum(r => r.Errors)} | {rounds.Average(r => r.Rate) / quietRate:0.00} | {sends} |");

    private static async Task SetDefaultChannelAsync(IReadOnlyDictionary<string, string> appDatabase, string webhookUrl, string name)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(appDatabase!).Build();
        await using var services = new ServiceCollection().AddLogging().AddPersistence(configuration).AddDelivery().AddSystemEvents().AddIngest().BuildServiceProvider();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var channel = new Channel { Id = Guid.NewGuid(), Name = name, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        scope.ServiceProvider.GetRequiredService<ChannelSettingsSerializer>().Write(channel, new WebhookSettings { Url = webhookUrl });
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<JobDefaults>().SetAsync([new ChannelAssignment(channel.Id, NotifyCondition.Always)]);
    }
}
