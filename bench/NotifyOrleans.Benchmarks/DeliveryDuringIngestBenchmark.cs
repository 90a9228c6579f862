using System.Diagnostics;
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
/// The CPU each report cost the app, and this process (the load generator and both webhooks), says
/// where a send's cost lands: the two cores are shared by all three. Those rounds take what the
/// machine gives, so there a send's CPU is a report's loss; the paced rounds ask for half of that
/// rate, in both phases, and compare what a report then waits (users' hubs are seldom at their limit).
/// </summary>
public static class DeliveryDuringIngestBenchmark
{
    /// <summary>16 clients' reports for the jobs named so, as fast as answered, or at <paramref name="perSecond"/> in all.</summary>
    public delegate Task<(double Rate, double P50, double P99, int Errors, int Count)> Load(string jobPrefix, double? perSecond = null);

    /// <summary>One load's figures, and the CPU the app and this process used while it ran.</summary>
    public sealed record Round(double Rate, double P50, double P99, int Errors, int Count, TimeSpan AppCpu, TimeSpan BenchCpu);

    /// <param name="Paced">The fast webhook's jobs at a fixed rate the machine has room for.</param>
    private sealed record Phase(List<Round> Quiet, List<Round> Notified, List<Round> Stalled, List<Round> Paced);

    /// <param name="restart">Restarts the app with its dispatcher on (true) or off (false).</param>
    /// <param name="cpu">The CPU the app and this process have used so far.</param>
    public static async Task RunAsync(IReadOnlyDictionary<string, string> appDatabase, Load load, Func<bool, Task> restart, Func<(TimeSpan App, TimeSpan Bench)> cpu)
    {
        async Task<Round> Measured(string jobPrefix, double? perSecond = null)
        {
            var before = cpu();
            var (rate, p50, p99, errors, count) = await load(jobPrefix, perSecond);
            var after = cpu();
            return new Round(rate, p50, p99, errors, count, after.App - before.App, after.Bench - before.Bench);
        }

        await using var fast = await WebhookReceiver.StartAsync();
        await using var silent = await WebhookReceiver.StartAsync(answers: false);

        // The fast webhook's jobs, and how many sends per second the webhook got meanwhile.
        async Task<double> DeliveredAsync(List<Round> rounds, double? perSecond = null)
        {
            var (before, started) = (fast.Count, DateTime.UtcNow);
            rounds.Add(await Measured("notified-", perSecond));
            return (fast.Count - before) / (DateTime.UtcNow - started).TotalSeconds;
        }

        await Measured("quiet-"); // these jobs are created with no channels
        var fastChannel = await SetDefaultChannelAsync(appDatabase, fast.Url, "fast webhook");
        await Measured("notified-"); // these with the fast webhook, "Always"
        await SetDefaultChannelAsync(appDatabase, silent.Url, "silent webhook");
        await Measured("stalled-"); // and these with the webhook that never answers

        var delivering = new Phase([], [], [], []);
        var (quiet, notified, stalled) = (delivering.Quiet, delivering.Notified, delivering.Stalled);
        var sendsPerSecond = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            quiet.Add(await Measured("quiet-"));
            sendsPerSecond.Add(await DeliveredAsync(notified));
            quiet.Add(await Measured("quiet-"));
            stalled.Add(await Measured("stalled-"));
        }

        // Half of what the fast webhook's jobs took with delivery beside them, in steps of 50: a rate
        // this machine has room for with the dispatcher on, the same in both phases.
        var pacedRate = Math.Max(50, Math.Floor(Rate(notified) / 2 / 50) * 50);
        var pacedSends = new List<double>();
        for (var round = 0; round < 2; round++) pacedSends.Add(await DeliveredAsync(delivering.Paced, pacedRate));

        var alone = await WithoutDispatcherAsync(appDatabase, Measured, restart, pacedRate);
        var drained = await DrainAsync(appDatabase, fastChannel, fast, restart, cpu);

        Console.WriteLine("\n# Ingest while the dispatcher delivers each report's notification to a local webhook (16 clients)\n");
        Console.WriteLine("| jobs | reports/s | p99 | errors | ratio to notifying nobody | ratio to ingest alone (dispatcher off) | webhook sends/s meanwhile | CPU per report: app / load generator and webhooks |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row("notifying nobody", quiet, Rate(quiet), "—", "—");
        Row("notifying a fast webhook (Always)", notified, Rate(quiet), $"{Scaled(delivering, p => p.Notified) / Scaled(alone, p => p.Notified):0.00}", $"{sendsPerSecond.Average():N0}");
        Row("notifying a webhook that never answers", stalled, Rate(quiet), $"{Scaled(delivering, p => p.Stalled) / Scaled(alone, p => p.Stalled):0.00}", $"{silent.Count} tried in all");
        Console.WriteLine("\nThe same jobs with the dispatcher off (ingest alone):\n");
        Console.WriteLine("| jobs | reports/s | p99 | ratio to notifying nobody | CPU per report: app / load generator and webhooks |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (jobs, rounds) in new[] { ("notifying nobody", alone.Quiet), ("the fast webhook's", alone.Notified), ("the silent webhook's", alone.Stalled) })
            Console.WriteLine($"| {jobs} | {Rate(rounds):N0} | {rounds.Max(r => r.P99):0.0} ms | {Rate(rounds) / Rate(alone.Quiet):0.00} | {Cpu(rounds)} |");
        Console.WriteLine($"\nThe fast webhook's jobs at a fixed {pacedRate:N0} reports/s, which the machine has room for (16 clients; a report's time counts from when it was due):\n");
        Console.WriteLine("| dispatcher | reports/s | p50 | p99 | errors | CPU per report: app / load generator and webhooks | webhook sends/s meanwhile |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (dispatcher, rounds, sends) in new[] { ("on, delivering each", delivering.Paced, $"{pacedSends.Average():N0}"), ("off (ingest alone)", alone.Paced, "—") })
            Console.WriteLine($"| {dispatcher} | {Rate(rounds):N0} | {rounds.Average(r => r.P50):0.0} ms | {rounds.Max(r => r.P99):0.0} ms | {rounds.Sum(r => r.Errors)} | {Cpu(rounds)} | {sends} |");
        Console.WriteLine($"\nDelivery alone, the app restarted with its dispatcher on: the fast webhook's {drained.Sends:N0} waiting notifications sent at {drained.Rate:N0}/s, "
            + $"CPU per send: app {drained.AppCpu.TotalMicroseconds / drained.Sends:N0} µs, the webhook {drained.BenchCpu.TotalMicroseconds / drained.Sends:N0} µs"
            + (drained.StillWaiting > 0 ? $"; {drained.StillWaiting:N0} still waiting when the benchmark stopped looking ({DrainLimit.TotalMinutes:0} min)." : "."));
    }

    private sealed record Drained(int Sends, double Rate, TimeSpan AppCpu, TimeSpan BenchCpu, int StillWaiting);

    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Delivery with no ingest beside it: the app restarted with its dispatcher on sends what the
    /// fast webhook's jobs left waiting, measured from the restart until none waits. Then the silent
    /// webhook's rows go, so the benchmarks after this one measure ingest, not a backlog's delivery.
    /// </summary>
    private static async Task<Drained> DrainAsync(IReadOnlyDictionary<string, string> appDatabase, Guid channelId, WebhookReceiver fast, Func<bool, Task> restart,
        Func<(TimeSpan App, TimeSpan Bench)> cpu)
    {
        await restart(true);
        var (before, received, started) = (cpu(), fast.Count, Stopwatch.GetTimestamp());
        var stillWaiting = await WithServicesAsync(appDatabase, async (db, _) =>
        {
            int waiting;
            while ((waiting = await db.Outbox.CountAsync(r => r.ChannelId == channelId && r.Status == OutboxStatus.Pending)) > 0 && Stopwatch.GetElapsedTime(started) < DrainLimit)
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            return waiting;
        });
        var (after, seconds) = (cpu(), Stopwatch.GetElapsedTime(started).TotalSeconds);
        await WithServicesAsync(appDatabase, (db, _) => db.Outbox.Where(r => r.Status == OutboxStatus.Pending).ExecuteDeleteAsync());
        var sends = fast.Count - received;
        return new Drained(sends, sends / seconds, after.App - before.App, after.Bench - before.Bench, stillWaiting);
    }

    private static double Rate(List<Round> rounds) => rounds.Average(r => r.Rate);

    /// <summary>A phase's rate for some jobs, scaled by its rate for the jobs that notify nobody.</summary>
    private static double Scaled(Phase phase, Func<Phase, List<Round>> jobs) => Rate(jobs(phase)) / Rate(phase.Quiet);

    private static string Cpu(List<Round> rounds) =>
        $"{rounds.Sum(r => r.AppCpu.TotalMicroseconds) / rounds.Sum(r => r.Count):N0} / {rounds.Sum(r => r.BenchCpu.TotalMicroseconds) / rounds.Sum(r => r.Count):N0} µs";

    /// <summary>
    /// The same rounds on the app restarted with its dispatcher off (warmed first: a restarted app
    /// compiles its code again). The tens of thousands of notifications that wait meanwhile are
    /// <see cref="DrainAsync"/>'s.
    /// </summary>
    private static async Task<Phase> WithoutDispatcherAsync(IReadOnlyDictionary<string, string> appDatabase, Func<string, double?, Task<Round>> load, Func<bool, Task> restart,
        double pacedRate)
    {
        await restart(false);
        await load("quiet-", null);
        await load("notified-", null);
        var alone = new Phase([], [], [], []);
        for (var round = 0; round < 2; round++)
        {
            alone.Quiet.Add(await load("quiet-", null));
            alone.Notified.Add(await load("notified-", null));
            alone.Quiet.Add(await load("quiet-", null));
            alone.Stalled.Add(await load("stalled-", null));
        }

        for (var round = 0; round < 2; round++) alone.Paced.Add(await load("notified-", pacedRate));

        return alone;
    }

    private static void Row(string jobs, List<Round> rounds, double quietRate, string ratioToAlone, string sends) =>
        Console.WriteLine($"| {jobs} | {Rate(rounds):N0} | {rounds.Max(r => r.P99):0.0} ms | {rounds.Sum(r => r.Errors)} | {Rate(rounds) / quietRate:0.00} | {ratioToAlone} | {sends} | {Cpu(rounds)} |");

    private static Task<Guid> SetDefaultChannelAsync(IReadOnlyDictionary<string, string> appDatabase, string webhookUrl, string name) =>
        WithServicesAsync(appDatabase, async (db, services) =>
        {
            var channel = new Channel { Id = Guid.NewGuid(), Name = name, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            services.GetRequiredService<ChannelSettingsSerializer>().Write(channel, new WebhookSettings { Url = webhookUrl });
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            await services.GetRequiredService<JobDefaults>().SetAsync([new ChannelAssignment(channel.Id, NotifyCondition.Always)]);
            return channel.Id;
        });

    /// <summary>Runs <paramref name="work"/> with the app's own services on the app's database.</summary>
    private static async Task<T> WithServicesAsync<T>(IReadOnlyDictionary<string, string> appDatabase, Func<AppDbContext, IServiceProvider, Task<T>> work)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(appDatabase!).Build();
        await using var services = new ServiceCollection().AddLogging().AddPersistence(configuration).AddDelivery().AddSystemEvents().AddIngest().BuildServiceProvider();
        using var scope = services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider);
    }
}
