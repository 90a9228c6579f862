using NotifyOrleans.Infrastructure.Subscriptions;
using NotifyOrleans.Infrastructure.SystemEvents;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

/// <summary>
/// 100,000 monitored jobs, 1,000 of them due in the same second: how late each Overdue notice is
/// enqueued, and the memory of the process that watches them. Two processes, as in production
/// after a restart: <c>seed</c> sets the jobs up through their grains (each registers its
/// reminder) and exits; <c>watch</c> starts a fresh node on the same database, which has to load
/// every reminder and wake the 1,000 grains at their deadline.
/// </summary>
public static class DeadlineBenchmark
{
    private const int Jobs = 100_000;
    private const int DueTogether = 1_000;
    private const string DuePrefix = "due-";

    /// <summary>deadlines seed|watch DIRECTORY [postgres "server connection string"] (watch finds the database seed made)</summary>
    public static async Task RunAsync(string[] args)
    {
        var (step, directory) = (args[0], args[1]);
        var postgres = step == "seed"
            ? args.Length > 3 && args[2] == "postgres" ? await NewDatabaseAsync(args[3], directory) : null
            : File.Exists(Path.Combine(directory, "postgres")) ? await File.ReadAllTextAsync(Path.Combine(directory, "postgres")) : null;
        using var host = Build(directory, postgres);
        if (step == "seed") await host.MigrateDatabaseAsync();
        await host.StartAsync();
        if (step == "seed") await SeedAsync(host.Services);
        else await WatchAsync(host.Services);
        await host.StopAsync();
    }

    /// <summary>A new database on the server, named in DIRECTORY/postgres for the watch step.</summary>
    private static async Task<string> NewDatabaseAsync(string server, string directory)
    {
        var name = $"no_deadlines_{Guid.NewGuid():N}";
        await using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection).ExecuteNonQueryAsync();
        }

        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await File.WriteAllTextAsync(Path.Combine(directory, "postgres"), connectionString);
        return connectionString;
    }

    private static IHost Build(string directory, string? postgres)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = postgres is null ? "Sqlite" : "Postgres",
            ["Database:ConnectionString"] = postgres ?? $"Data Source={directory}/deadlines.db",
            ["Delivery:DispatcherEnabled"] = "false", // the rows stay: their creation time is the measure
            ["Orleans:SiloPort"] = "11198",
        });
        builder.Services.AddPersistence(builder.Configuration).AddDelivery().AddSubscriptions().AddSystemEvents().AddIngest();
        builder.AddGrains();
        return builder.Build();
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        var channel = await AddChannelAsync(services);
        var assignments = new List<ChannelAssignment> { new(channel, NotifyCondition.OnOverdue) };
        var grains = services.GetRequiredService<IGrainFactory>();
        var stopwatch = Stopwatch.StartNew();

        // The many: due at a time of day half a day away.
        var later = DateTimeOffset.UtcNow.AddHours(12);
        var daily = new JobSettings(assignments, Schedule: new JobSchedule(ScheduleKind.Cron, Cron: $"{later.Minute} {later.Hour} * * *"), Grace: TimeSpan.FromHours(1));
        await ForEachAsync(Jobs - DueTogether, i => grains.GetGrain<IBackupJobGrain>($"server-{i % 1000}/job-{i}").PrepareAsync($"server-{i % 1000}", $"job-{i}", daily));
        Console.WriteLine($"{Jobs - DueTogether:N0} jobs due later set up in {stopwatch.Elapsed.TotalSeconds:N0} s");

        // The 1,000: a slot at a whole minute two minutes on, and a grace that puts every deadline in one second.
        var now = DateTimeOffset.UtcNow;
        var slot = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(3);
        var grace = TimeSpan.FromSeconds(30);
        var together = new JobSettings(assignments, Schedule: new JobSchedule(ScheduleKind.Cron, Cron: $"{slot.Minute} {slot.Hour} * * *"), Grace: grace);
        // A running node has run its code before: 20 jobs due 20 s earlier warm it up (not measured).
        var warmUp = together with { Grace = grace - TimeSpan.FromSeconds(20) };
        await ForEachAsync(20, i => grains.GetGrain<IBackupJobGrain>($"warm-up/job-{i}").PrepareAsync("warm-up", $"job-{i}", warmUp));
        await ForEachAsync(DueTogether, i => grains.GetGrain<IBackupJobGrain>($"{DuePrefix}{i % 10}/job-{i}").PrepareAsync($"{DuePrefix}{i % 10}", $"job-{i}", together));
        Console.WriteLine($"{DueTogether:N0} jobs due at {slot + grace:HH:mm:ss} UTC set up; all done in {stopwatch.Elapsed.TotalSeconds:N0} s");
    }

    private static async Task WatchAsync(IServiceProvider services)
    {
        var started = DateTimeOffset.UtcNow;
        DateTimeOffset deadline;
        using (var scope = services.CreateScope())
            deadline = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().BackupJobs.Where(j => j.ServerName.StartsWith(DuePrefix)).MaxAsync(j => j.OverdueAt))!.Value;
        Console.WriteLine($"node started at {started:HH:mm:ss}; the 1,000 are due at {deadline:HH:mm:ss} UTC");
        if (deadline < DateTimeOffset.UtcNow.AddSeconds(5)) Console.WriteLine("WARNING: the node started late; lateness includes start-up");
        var before = Memory();
        await Task.Delay(deadline - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero);

        List<DateTimeOffset> enqueued = [];
        for (var tries = 0; tries < 120 && enqueued.Count < DueTogether; tries++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            using var scope = services.CreateScope();
            enqueued = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Outbox.AsNoTracking()
                .Where(r => r.EventType == EventTypes.BackupOverdue && r.JobKey!.StartsWith(DuePrefix)).Select(r => r.CreatedAt).ToListAsync();
        }

        var lateness = enqueued.Select(at => (at - deadline).TotalMilliseconds).Order().ToList();
        Console.WriteLine($"| Overdue notices enqueued | {lateness.Count:N0} of {DueTogether:N0} |");
        if (lateness.Count > 0)
            Console.WriteLine($"| Lateness p50 / p99 / max | {At(lateness, 0.5):N0} ms / {At(lateness, 0.99):N0} ms / {lateness[^1]:N0} ms |");
        Console.WriteLine($"| Memory before the deadline (100,000 reminders loaded, no job active) | {before} |");
        Console.WriteLine($"| Memory after (1,000 job grains active) | {Memory()} |");
    }

    private static double At(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    private static string Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return $"working set {process.WorkingSet64 / 1_048_576:N0} MB, managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1_048_576:N0} MB, GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1_048_576:N0} MB, {process.Threads.Count} threads";
    }

    private static async Task<Guid> AddChannelAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var channel = new Channel { Id = Guid.NewGuid(), Name = "deadline bench", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        scope.ServiceProvider.GetRequiredService<ChannelSettingsSerializer>().Write(channel, new WebhookSettings { Url = "http://127.0.0.1:9/unused" });
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    /// <summary>16 callers at a time, with progress every 10,000.</summary>
    private static async Task ForEachAsync(int count, Func<int, Task> action)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await action(i);
                if (i > 0 && i % 10_000 == 0) Console.WriteLine($"  {i:N0}");
            }
        })));
    }
}
