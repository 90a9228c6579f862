using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Retention;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>
/// The daily sweep deletes what is older than the retention settings keep, and nothing else: a
/// notification still to be sent, one held for quiet hours, an event not yet routed. Batches of
/// three, so a sweep takes several.
/// </summary>
public abstract class RetentionTests(DatabaseProvider provider) : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly AppFactory _app = new(provider)
    {
        Settings = new Dictionary<string, string>
        {
            ["Retention:RunHistory"] = "30.00:00:00",
            ["Retention:DeliveryLog"] = "7.00:00:00",
            ["Retention:Events"] = "30.00:00:00",
            ["Retention:BatchSize"] = "3",
        },
    };

    [Fact]
    public async Task A_sweep_deletes_what_is_older_than_kept_and_keeps_what_is_still_to_do()
    {
        await SeedAsync(db =>
        {
            for (var i = 0; i < 7; i++) db.BackupRuns.Add(Run($"old-{i}", Now.AddDays(-31 - i)));
            db.BackupRuns.Add(Run("recent", Now.AddDays(-29)));
            foreach (var status in new[] { OutboxStatus.Sent, OutboxStatus.Dead, OutboxStatus.Cancelled, OutboxStatus.Digested, OutboxStatus.Sent })
                db.Outbox.Add(Notification($"old-{status}-{db.Outbox.Local.Count}", status, Now.AddDays(-8)));
            db.Outbox.Add(Notification("old-pending", OutboxStatus.Pending, Now.AddDays(-8)));
            db.Outbox.Add(Notification("old-held", OutboxStatus.Held, Now.AddDays(-8)));
            db.Outbox.Add(Notification("recent-sent", OutboxStatus.Sent, Now.AddDays(-6)));
            db.SystemEvents.Add(Event("old routed", Now.AddDays(-31), routed: true));
            db.SystemEvents.Add(Event("old not routed yet", Now.AddDays(-31), routed: false));
            db.SystemEvents.Add(Event("recent", Now.AddDays(-1), routed: true));
            db.JobEvents.Add(new JobEvent { JobKey = "nas-01/documents", At = Now.AddDays(-31), Kind = "overdue", Text = "old" });
            db.JobEvents.Add(new JobEvent { JobKey = "nas-01/documents", At = Now.AddDays(-1), Kind = "overdue", Text = "recent" });
        });

        var sweep = await SweepAsync();
        var again = await SweepAsync();

        Assert.Equal(new RetentionSweep(Runs: 7, Notifications: 5, SystemEvents: 1, JobEvents: 1), sweep);
        Assert.Equal(0, again.Total);
        Assert.Equal(["recent"], await QueryAsync(db => db.BackupRuns.Select(r => r.RunId).ToListAsync()));
        Assert.Equal(["old-held", "old-pending", "recent-sent"], (await QueryAsync(db => db.Outbox.Select(r => r.DedupKey).ToListAsync())).Order());
        Assert.Equal(["old not routed yet", "recent"], (await QueryAsync(db => db.SystemEvents.Select(e => e.Summary).ToListAsync())).Order());
        Assert.Equal(["recent"], await QueryAsync(db => db.JobEvents.Select(e => e.Text).ToListAsync()));
    }

    [Fact]
    public async Task A_run_older_than_the_history_kept_is_recorded_and_its_job_keeps_its_last_result_after_the_sweep()
    {
        var key = await ApiClient.CreateIngestKeyAsync(_app);

        var old = await _app.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            Json($$"""{"server":"nas-01","job":"documents","status":"failure","endedAt":"{{Now.AddDays(-31):O}}"}"""));
        var recorded = await QueryAsync(db => db.BackupRuns.CountAsync());
        var sweep = await SweepAsync();

        Assert.Equal("recorded", (await old.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>()); // a saved report replayed to try the hub works
        Assert.Equal((1, 1), (recorded, sweep.Runs));
        Assert.Equal(0, await QueryAsync(db => db.BackupRuns.CountAsync()));
        var job = await QueryAsync(db => db.BackupJobs.SingleAsync());
        Assert.Equal((RunStatus.Failure, 1), (job.Status, job.RunCount)); // the job's own row is not history
    }

    [Fact]
    public async Task The_daily_sweep_is_a_reminder_registered_once_at_start()
    {
        _app.CreateClient(); // starts the app
        var registered = 0;
        for (var wait = 0; wait < 100 && registered == 0; wait++)
        {
            registered = await QueryAsync(db => db.Reminders.CountAsync(r => r.ReminderName == "sweep-daily"));
            if (registered == 0) await Task.Delay(100);
        }

        var reminder = await QueryAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.ReminderName == "sweep-daily"));
        Assert.Equal(TimeSpan.FromDays(1), TimeSpan.FromMilliseconds(reminder.PeriodMs));
    }

    private static BackupRun Run(string id, DateTimeOffset endedAt) => new()
    {
        JobKey = "nas-01/documents", RunId = id, Operation = RunOperation.Backup, Status = RunStatus.Success, EndedAt = endedAt, ReceivedAt = endedAt, Source = "test",
    };

    private static OutboxMessage Notification(string dedupKey, OutboxStatus status, DateTimeOffset createdAt) => new()
    {
        ChannelId = Guid.Empty, DedupKey = dedupKey, EventType = "backup.success", MessageJson = "{}", Title = dedupKey, Status = status,
        CreatedAt = createdAt, NextAttemptAt = createdAt, GiveUpAt = createdAt.AddDays(1),
    };

    private static SystemEvent Event(string summary, DateTimeOffset at, bool routed) => new()
    {
        Type = Domain.SystemEvents.SystemEventType.SystemError, OccurredAt = at, Summary = summary, ProcessedAt = routed ? at : null,
    };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task SeedAsync(Action<AppDbContext> add)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        add(db);
        await db.SaveChangesAsync();
    }

    private async Task<RetentionSweep> SweepAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionSweeper>().SweepAsync();
    }

    private async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = _app.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class RetentionTestsOnSqlite() : RetentionTests(DatabaseProvider.Sqlite);

public sealed class RetentionTestsOnPostgres() : RetentionTests(DatabaseProvider.Postgres);
