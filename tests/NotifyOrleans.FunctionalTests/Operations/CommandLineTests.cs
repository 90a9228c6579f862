using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NotifyOrleans.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>The app's own command line, as a scripted set-up runs it.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Keys_create_prints_a_key_that_is_stored_hashed()
    {
        using var folder = new DataFolder();
        var data = folder.Path;
        var (exit, output, _) = await RunAsync(data, "keys create --name nas-01 --server nas-01");
        var (badExit, _, error) = await RunAsync(data, "keys create");
        var (againExit, againOutput, againError) = await RunAsync(data, "keys create --name nas-01 --server nas-01");

        Assert.Equal(0, exit);
        Assert.Equal(2, againExit); // a script run twice: no second key, and it says why
        Assert.DoesNotContain("nok_", againOutput);
        Assert.Contains("The key 'nas-01' exists already", againError);
        var key = output.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("nok_", key);
        Assert.Equal(2, badExit);
        Assert.Contains("usage: keys create", error);
        var row = (string)(await ScalarAsync(Path.Combine(data, "notifyorleans.db"), "SELECT Name || '|' || ServerName || '|' || KeyHash FROM IngestKeys"))!;
        Assert.StartsWith("nas-01|nas-01|", row);
        Assert.DoesNotContain(key, row);
    }

    [Fact]
    public async Task Tokens_create_prints_a_token_read_write_unless_asked_read_only()
    {
        using var folder = new DataFolder();
        var data = folder.Path;
        var (exit, output, _) = await RunAsync(data, "tokens create --name deploy");
        var (readOnlyExit, readOnlyOutput, _) = await RunAsync(data, "tokens create --name widget --read-only");
        var (badExit, _, error) = await RunAsync(data, "tokens create --read-only");
        var (againExit, _, againError) = await RunAsync(data, "tokens create --name Deploy");

        Assert.Equal((0, 0), (exit, readOnlyExit));
        var token = output.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("noa_", token);
        Assert.Equal(2, badExit);
        Assert.Contains("usage: tokens create --name NAME [--read-only]", error);
        Assert.Equal(2, againExit);
        Assert.Contains("The token 'deploy' exists already", againError);
        var rows = (string)(await ScalarAsync(Path.Combine(data, "notifyorleans.db"), "SELECT group_concat(Name || '|' || Access || '|' || CreatedBy || '|' || TokenHash, ';') FROM (SELECT * FROM ApiTokens ORDER BY Name)"))!;
        Assert.StartsWith("deploy|ReadWrite|command line|", rows);
        Assert.Contains(";widget|ReadOnly|command line|", rows);
        Assert.DoesNotContain(token, rows);
        Assert.DoesNotContain(readOnlyOutput.Trim(), rows);
    }

    [Fact]
    public async Task Keys_and_tokens_are_listed_without_their_secrets_and_revoked_by_name()
    {
        using var folder = new DataFolder();
        var data = folder.Path;
        var (_, fleetKey, _) = await RunAsync(data, "keys create --name fleet");
        await RunAsync(data, "keys create --name nas-02 --server nas-02");
        await RunAsync(data, "keys create --name nightly --server web-01 --job nightly");
        var (_, token, _) = await RunAsync(data, "tokens create --name widget --read-only");
        var (listExit, keys, _) = await RunAsync(data, "keys list");
        var (_, tokens, _) = await RunAsync(data, "tokens list");
        var (revokeExit, revoked, _) = await RunAsync(data, "keys revoke --name NIGHTLY");
        var (_, afterRevoke, _) = await RunAsync(data, "keys list");
        var (againExit, _, again) = await RunAsync(data, "keys revoke --name nightly");
        var (tokenRevokeExit, _, _) = await RunAsync(data, "tokens revoke --name widget");
        var (_, noTokens, _) = await RunAsync(data, "tokens list");
        var (strayExit, _, stray) = await RunAsync(data, "keys list --all");

        Assert.Equal(0, listExit);
        var lines = keys.TrimEnd().Split('\n');
        Assert.Matches(@"^NAME +REPORTS FOR +KEY +CREATED +LAST USED$", lines[0]);
        Assert.Matches(@"^fleet +any server +nok_\S+… +\d{4}-\d\d-\d\d \d\d:\d\dZ +-$", lines[1]); // by name; never used
        Assert.Matches(@"^nas-02 +server nas-02 +nok_", lines[2]);
        Assert.Matches(@"^nightly +job web-01/nightly +nok_", lines[3]);
        Assert.DoesNotContain(fleetKey.Trim(), keys); // the first characters, never the key
        Assert.Matches(@"\nwidget +read-only +noa_\S+… ", tokens);
        Assert.DoesNotContain(token.Trim(), tokens);

        Assert.Equal(0, revokeExit); // the name, case aside
        Assert.StartsWith("Revoked the key 'nightly' (nok_", revoked);
        Assert.DoesNotContain("nightly", afterRevoke);
        Assert.Contains("fleet", afterRevoke);
        Assert.Equal(2, againExit);
        Assert.Equal("No active key is named 'nightly' (./run.sh keys list shows them).", again.Trim());
        Assert.Equal(0, tokenRevokeExit);
        Assert.Equal("NAME  ACCESS  TOKEN  CREATED  LAST USED", noTokens.Trim());
        Assert.Equal(2, strayExit);
        Assert.Contains("Unknown option --all.", stray);

        Assert.Equal("nightly|widget", await ScalarAsync(Path.Combine(data, "notifyorleans.db"),
            "SELECT (SELECT group_concat(Name) FROM IngestKeys WHERE RevokedAt IS NOT NULL) || '|' || (SELECT group_concat(Name) FROM ApiTokens WHERE RevokedAt IS NOT NULL)"));
    }

    [Fact]
    public async Task Health_says_in_one_line_what_the_node_answered_and_exits_1_unless_it_is_healthy()
    {
        using var folder = new DataFolder();
        var data = folder.Path;
        await using var unhealthy = new UnhealthyNode();
        await unhealthy.StartAsync();
        await using var silent = new SilentServer();
        var closed = $"http://127.0.0.1:{Repository.FreePort()}";
        var (unhealthyExit, unhealthyOutput, unhealthyError) = await RunAsync(data, $"health --url {unhealthy.BaseUrl}");
        var (silentExit, _, silentError) = await RunAsync(data, $"health --url {silent.BaseUrl}");
        var (closedExit, _, closedError) = await RunAsync(data, $"health --url {closed}");
        var (typoExit, _, typoError) = await RunAsync(data, "health --ur http://127.0.0.1:5000");
        var (schemeExit, _, schemeError) = await RunAsync(data, "health --url 127.0.0.1:5000");

        Assert.Equal(1, unhealthyExit); // Docker's "unhealthy"
        Assert.Equal("", unhealthyOutput);
        Assert.Equal($"Unhealthy: {unhealthy.BaseUrl}/healthz", unhealthyError.Trim());
        Assert.Equal(1, silentExit);
        Assert.Equal($"No answer from {silent.BaseUrl}/healthz: no answer within 4 s", silentError.Trim());
        Assert.Equal(1, closedExit);
        Assert.StartsWith($"No answer from {closed}/healthz: Connection refused", closedError.Trim());
        Assert.Equal(2, typoExit);
        Assert.Equal("Unknown option --ur.\nusage: health [--url http://HOST:PORT]", typoError.Trim());
        Assert.Equal(2, schemeExit);
        Assert.Contains("--url is an http:// or https:// address", schemeError);
        Assert.Empty(Directory.GetFiles(data)); // a question to another process: no database made here
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the file's mode
    public async Task An_existing_database_is_kept_to_its_owner_and_copied_aside_before_a_migration_changes_it()
    {
        using var folder = new DataFolder();
        var data = folder.Path;
        var file = Path.Combine(data, "notifyorleans.db");
        Assert.Equal(0, (await RunAsync(data, "users list")).Exit); // a database of today's version
        await using (var db = OpenContext(file))
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforeNewest); // as the version before left it
        }

        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100); // rw-r--r--: made by an earlier version under the usual umask
        var (exit, output, error) = await RunAsync(data, "users list");

        Assert.Equal(0, exit);
        Assert.Contains("Made notifyorleans.db readable by its owner alone", output + error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var copy = Assert.Single(Directory.GetFiles(Path.Combine(data, "backups")));
        Assert.EndsWith($"-at-{BeforeNewest}.db", copy);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
        Assert.Equal(BeforeNewest, await NewestMigrationAsync(copy)); // the way back: the version before's database, whole
        Assert.Equal(Newest, await NewestMigrationAsync(file));
        Assert.Equal(0, (await RunAsync(data, "users list")).Exit);
        Assert.Single(Directory.GetFiles(Path.Combine(data, "backups"))); // a start with nothing to apply copies nothing
    }

    [Fact]
    public async Task A_database_that_a_newer_version_migrated_stops_this_one_in_one_line()
    {
        using var folder = new DataFolder();
        var data = folder.Path;
        Assert.Equal(0, (await RunAsync(data, "users list")).Exit);
        await ScalarAsync(Path.Combine(data, "notifyorleans.db"), "INSERT INTO __EFMigrationsHistory VALUES ('29991231000000_FromALaterVersion', '10.0.15')");

        var (exit, output, error) = await RunAsync(data, "users list");

        Assert.Equal(1, exit);
        Assert.Contains("This database was upgraded by a newer version of NotifyOrleans (its migration 29991231000000_FromALaterVersion is unknown to this one). " +
            "Start the newer version, or go back to the copy taken before the upgrade (README, Upgrading).", output + error);
        Assert.DoesNotContain("EMAIL", output); // the command did not run
    }

    private static string Newest => OpenContext(":memory:").Database.GetMigrations().Last();

    private static string BeforeNewest => OpenContext(":memory:").Database.GetMigrations().SkipLast(1).Last();

    private static SqliteAppDbContext OpenContext(string file) => new(new DbContextOptionsBuilder<SqliteAppDbContext>()
        .UseSqlite($"Data Source={file}").UseModel(NotifyOrleans.Infrastructure.Persistence.CompiledModels.Sqlite.SqliteAppDbContextModel.Instance).Options);

    private static async Task<string> NewestMigrationAsync(string file) => (string)(await ScalarAsync(file, "SELECT max(MigrationId) FROM __EFMigrationsHistory"))!;

    /// <summary>One statement on a database file, as a look at what a command left in it.</summary>
    private static async Task<object?> ScalarAsync(string file, string sql)
    {
        await using var db = new SqliteConnection($"Data Source={file}");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [Theory]
    [InlineData("http://+:8080", null, "http://127.0.0.1:8080")] // the image's setting
    [InlineData("https://localhost:5001;http://0.0.0.0:5000", null, "http://127.0.0.1:5000")] // http first, no certificate to trust
    [InlineData("http://[::]:80", null, "http://[::1]:80")]
    [InlineData("http://10.0.0.5:5000", null, "http://10.0.0.5:5000")] // a node bound to one address is asked there
    [InlineData(null, "8080;8081", "http://127.0.0.1:8080")]
    [InlineData(null, null, "http://127.0.0.1:5000")] // Kestrel's default
    public void Health_asks_the_node_where_it_listens(string? urls, string? httpPorts, string expected) =>
        Assert.Equal(expected, NotifyOrleans.Web.Hosting.HealthCommand.NodeAddress(urls, httpPorts));

    /// <summary>A node whose database does not answer: /healthz's 503, as the app words it.</summary>
    private sealed class UnhealthyNode : FakeServer
    {
        protected override void Map(WebApplication app) =>
            app.MapGet("/healthz", () => Results.Json(new { status = "Unhealthy", checks = new { database = new { status = "Unhealthy" } } }, statusCode: 503));
    }

    /// <summary>A data folder of a test's own, gone with the test (SQLite's pooled connections let go first).</summary>
    private sealed class DataFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("notifyorleans-cli-").FullName;

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string dataDirectory, string arguments)
    {
        var dll = Repository.WebDll;
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.Environment["NotifyOrleans__Database__SqliteDirectory"] = dataDirectory;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
