using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Operations;

public abstract class OperationsTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    [Fact]
    public async Task The_migrations_match_the_model_and_are_all_applied_at_start_up()
    {
        await QueryAsync(async db =>
        {
            Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: add one (db/README.md).");
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            return 0;
        });
    }

    [Fact]
    public async Task A_first_start_on_an_empty_database_applies_every_migration_and_logs_no_error()
    {
        using var empty = TestDatabase.Empty(App.Provider);
        await using var app = new AppFactory(App.Provider, sharedDatabase: empty);

        var health = await app.CreateClient().GetAsync("/healthz"); // the host has started: migrations applied, silo up

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.DoesNotContain(app.Problems.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Data_protection_keys_are_kept_in_the_database_for_every_node()
    {
        await SetUpAdminAsync(); // issues an auth cookie and antiforgery tokens, which need a key

        var keys = await QueryAsync(db => db.DataProtectionKeys.ToListAsync());

        Assert.NotEmpty(keys);
        Assert.Contains("<key ", keys[0].Xml);
    }

    [Fact]
    public async Task The_health_probe_reports_the_database_provider_and_the_version_that_runs()
    {
        var body = await NewClient().Http.GetStringAsync("/healthz");

        Assert.Contains(App.Provider == DatabaseProvider.Postgres ? "Npgsql" : "Sqlite", body);
        Assert.Matches("\"version\":\"\\d+\\.\\d+\\.\\d+\\+[0-9a-f]{7,}", body); // as built: 1.0.0+ its commit, the "+" unescaped
    }
}

public sealed class OperationsTestsOnSqlite() : OperationsTests(DatabaseProvider.Sqlite);
public sealed class OperationsTestsOnPostgres() : OperationsTests(DatabaseProvider.Postgres);

public sealed class SecretsInLogsTests : IDisposable
{
    private readonly LogCollector _logs = new();
    private readonly AppFactory _app;

    public SecretsInLogsTests() =>
        _app = new AppFactory(DatabaseProvider.Sqlite, configureServices: services => services.AddSingleton<ILoggerProvider>(_logs));

    [Fact]
    public async Task Passwords_typed_into_the_console_never_reach_the_logs()
    {
        const string password = "Very-Secret-Passw0rd!";
        var client = new FormClient(_app.CreateBrowserlikeClient());
        await client.SubmitAsync("/Setup?probe=query-string-secret", new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@example.test", ["Input.DisplayName"] = "A", ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        });
        await new FormClient(_app.CreateBrowserlikeClient()).SubmitAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@example.test", ["Input.Password"] = password + "-wrong",
        }, "form#account");

        // The request's log line is written as the response completes, which can be just after the client has it.
        await DeliveryHarness.EventuallyAsync(() => Task.FromResult(_logs.Lines.Any(line => line.Contains("HTTP POST /Setup responded 302"))),
            TimeSpan.FromSeconds(10), "the request log line of the setup POST");
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("Very-Secret", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("query-string-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_channels_secret_url_never_reaches_the_logs_even_when_it_is_used()
    {
        await using var discord = new NotifyOrleans.FunctionalTests.Fakes.FakeDiscord();
        await discord.StartAsync();
        var url = discord.CreateWebhook("777", "tok-LOG-SECRET-123");
        var channelId = await new DeliveryHarness(_app).AddChannelAsync("Discord", new NotifyOrleans.Infrastructure.Channels.Discord.DiscordSettings { WebhookUrl = url });
        await new DeliveryHarness(_app).EnqueueAsync(channelId, (NotifyOrleans.FunctionalTests.Channels.SampleMessages.Failure(), "run-1"));

        await new DeliveryHarness(_app).DispatchOnceAsync();
        discord.DeleteWebhook("777");
        await new DeliveryHarness(_app).EnqueueAsync(channelId, (NotifyOrleans.FunctionalTests.Channels.SampleMessages.Failure("second"), "run-2"));
        await new DeliveryHarness(_app).DispatchOnceAsync();

        Assert.Single(discord.Embeds);
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("tok-LOG-SECRET-123", StringComparison.Ordinal));
    }

    public void Dispose() => _app.Dispose();
}

public sealed class PostgresScriptTests
{
    [Fact]
    public void The_committed_postgres_script_is_the_one_the_migrations_generate()
    {
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=unused").Options;
        using var db = new PostgresAppDbContext(options);
        var expected = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var committed = File.ReadAllText(Path.Combine(Repository.Root, "db", "scripts", "migrate.sql"));

        Assert.True(Normalize(expected) == Normalize(committed), "db/scripts/migrate.sql is stale: run db/generate.sh.");
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n").Trim('\uFEFF', '\n', ' ');
}

/// <summary>What the request log says: a line for what people and scripts did, not for every stylesheet and health poll.</summary>
public sealed class RequestLogTests : IAsyncDisposable
{
    private readonly LogCollector _logs = new();
    private readonly AppFactory _app;

    public RequestLogTests() =>
        _app = new AppFactory(DatabaseProvider.Sqlite, configureServices: services => services.AddSingleton<ILoggerProvider>(_logs));

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Scripts_styles_and_health_polls_that_went_well_write_no_line_and_a_missing_one_does()
    {
        var client = _app.CreateClient();
        foreach (var path in new[] { "/healthz", "/css/site.css", "/js/app.js", "/Setup", "/css/missing.css" })
            await client.GetAsync(path);
        await client.GetAsync("/api/v1/jobs"); // no credential: 401

        await DeliveryHarness.EventuallyAsync(() => Task.FromResult(_logs.Lines.Any(line => line.Contains("HTTP GET /api/v1/jobs responded 401"))),
            TimeSpan.FromSeconds(10), "the request log line of the last request");
        var requests = _logs.Lines.Where(line => line.Contains(" responded ", StringComparison.Ordinal)).ToList();
        Assert.Contains(requests, line => line.Contains("HTTP GET /Setup responded 200"));
        Assert.Contains(requests, line => line.Contains("HTTP GET /css/missing.css responded 302")); // no such file: to sign-in, as any unknown path
        Assert.DoesNotContain(requests, line => line.Contains("/healthz") || line.Contains("/css/site.css") || line.Contains("/js/app.js"));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("was challenged", StringComparison.Ordinal)); // the 401's line says it
    }
}
