using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Persistence;

/// <summary>The migration that adds a job's last backup made fills it for the jobs that ran before, from their history.</summary>
public abstract class LastSuccessMigrationTests(DatabaseProvider provider) : IDisposable
{
    private readonly AppFactory _app = new(provider);

    [Fact]
    public async Task Upgrading_fills_each_jobs_last_backup_made_from_the_runs_kept()
    {
        var key = await ApiClient.CreateIngestKeyAsync(_app);
        await ReportAsync(key, "nas-01", "documents", "success", "2026-11-20T01:00:00Z");
        await ReportAsync(key, "nas-01", "documents", "warning", "2026-11-21T01:00:00Z");
        await ReportAsync(key, "nas-01", "documents", "failure", "2026-11-22T01:00:00Z");
        await ReportAsync(key, "db-01", "dump", "failure", "2026-11-22T02:00:00Z");

        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("ChannelWordings"); // the release before: no such column
        await migrator.MigrateAsync();

        var made = await db.BackupJobs.AsNoTracking().OrderBy(j => j.ServerName).Select(j => new { j.ServerName, j.LastSuccessAt }).ToListAsync();
        Assert.Equal(2, made.Count);
        Assert.Null(made[0].LastSuccessAt); // db-01: only failures
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T01:00:00Z"), made[1].LastSuccessAt); // the warning's run made its backup
    }

    private async Task ReportAsync(string key, string server, string job, string status, string endedAt)
    {
        var response = await _app.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent($$"""{"server":"{{server}}","job":"{{job}}","status":"{{status}}","endedAt":"{{endedAt}}"}""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _app.Dispose();
}

public sealed class LastSuccessMigrationTestsOnSqlite() : LastSuccessMigrationTests(DatabaseProvider.Sqlite);
public sealed class LastSuccessMigrationTestsOnPostgres() : LastSuccessMigrationTests(DatabaseProvider.Postgres);
