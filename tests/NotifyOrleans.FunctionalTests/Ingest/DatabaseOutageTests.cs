using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Ingest;

/// <summary>
/// PostgreSQL goes away for a moment (a restart, a failover) while a job's grain is active, and a
/// report arrives: it is refused, and stored when the tool sends it again.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new(DatabaseProvider.Postgres);

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_report_refused_while_the_database_was_away_is_stored_when_sent_again()
    {
        string key;
        using (var scope = _app.Services.CreateScope())
            (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("test", null, null, "tests");
        var first = await ReportAsync(key, "run-1");

        await AcceptConnectionsAsync(false);
        var whileAway = await ReportAsync(key, "run-2");
        var pageWhileAway = await _app.CreateClient().GetAsync("/Identity/Account/Login");
        await AcceptConnectionsAsync(true);
        var again = await ReportAsync(key, "run-2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // A moment's unavailability, to send again: not a 500 with a stack trace in the log for each request.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileAway.StatusCode);
        Assert.NotNull(whileAway.Headers.RetryAfter);
        Assert.Contains("The database cannot be reached", await whileAway.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pageWhileAway.StatusCode);
        // Logged once, by FaultReporter: not a stack trace from EF Core and the exception handler for each request.
        Assert.DoesNotContain(_app.Problems.Lines, line => line.Contains("   at ") && (line.StartsWith("Error Microsoft.EntityFrameworkCore") || line.StartsWith("Error Microsoft.AspNetCore.Diagnostics")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.DoesNotContain("repeat", await again.Content.ReadAsStringAsync()); // the grain had kept the refused run in memory
        using var check = _app.Services.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(["run-1", "run-2"], await db.BackupRuns.OrderBy(r => r.Id).Select(r => r.RunId).ToListAsync());
        Assert.Equal(2, await db.BackupJobs.Select(j => j.RunCount).SingleAsync());
    }

    private Task<HttpResponseMessage> ReportAsync(string key, string runId) =>
        _app.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent($$"""{"server":"db-01","job":"dump","status":"failure","runId":"{{runId}}","message":"exit 3"}""", Encoding.UTF8, "application/json"));

    /// <summary>The app's database refuses new sessions and its open ones end (as in a restart), or takes them again.</summary>
    private async Task AcceptConnectionsAsync(bool accept)
    {
        var database = new NpgsqlConnectionStringBuilder(_app.ConnectionString).Database;
        await using var server = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable));
        await server.OpenAsync();
        await using var command = new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {accept}", server);
        await command.ExecuteNonQueryAsync();
        if (accept) return;
        command.CommandText = $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'";
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
