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
/// webhook, beside ingest of jobs that notify nobody, alternating. The channel and the default
/// "Always" assignment for new jobs are written into the app's database with the app's own
/// services, as the console would (the webhook URL encrypted with the app's key ring).
/// </summary>
public static class DeliveryDuringIngestBenchmark
{
    public delegate Task<(double Rate, double P99, int Errors)> Load(string jobPrefix);

    public static async Task RunAsync(IReadOnlyDictionary<string, string> appDatabase, Load load)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await load("quiet-"); // these jobs are created with no channels
        await SetDefaultChannelAsync(appDatabase, receiver.Url);
        await load("notified-"); // and these with the webhook, "Always"

        var rounds = new List<((double Rate, double P99, int Errors) Quiet, (double Rate, double P99, int Errors) Notified, double SendsPerSecond)>();
        for (var round = 0; round < 2; round++)
        {
            var quiet = await load("quiet-");
            var before = receiver.Count;
            var started = DateTime.UtcNow;
            var notified = await load("notified-");
            rounds.Add((quiet, notified, (receiver.Count - before) / (DateTime.UtcNow - started).TotalSeconds));
        }

        var (quietRate, notifiedRate) = (rounds.Average(r => r.Quiet.Rate), rounds.Average(r => r.Notified.Rate));
        Console.WriteLine("\n# Ingest while the dispatcher delivers each report's notification to a local webhook (16 clients)\n");
        Console.WriteLine("| jobs | reports/s | p99 | errors | webhook sends/s meanwhile |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| notifying nobody | {quietRate:N0} | {rounds.Max(r => r.Quiet.P99):0.0} ms | {rounds.Sum(r => r.Quiet.Errors)} | — |");
        Console.WriteLine($"| notifying the webhook (Always) | {notifiedRate:N0} | {rounds.Max(r => r.Notified.P99):0.0} ms | {rounds.Sum(r => r.Notified.Errors)} | {rounds.Average(r => r.SendsPerSecond):N0} |");
        Console.WriteLine($"\nwith delivery / without: {notifiedRate / quietRate:0.00}");
    }

    private static async Task SetDefaultChannelAsync(IReadOnlyDictionary<string, string> appDatabase, string webhookUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(appDatabase!).Build();
        await using var services = new ServiceCollection().AddLogging().AddPersistence(configuration).AddDelivery().AddSystemEvents().AddIngest().BuildServiceProvider();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var channel = new Channel { Id = Guid.NewGuid(), Name = "bench webhook", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        scope.ServiceProvider.GetRequiredService<ChannelSettingsSerializer>().Write(channel, new WebhookSettings { Url = webhookUrl });
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<JobDefaults>().SetAsync([new ChannelAssignment(channel.Id, NotifyCondition.Always)]);
    }
}
