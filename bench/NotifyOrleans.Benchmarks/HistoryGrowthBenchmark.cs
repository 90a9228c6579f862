using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// Ingest as the history grows: 16-client ingest (alternating with the minimal endpoint, to see
/// the machine's own drift), then 1,000,000 runs written into the app's history across 10,000
/// jobs (100 each, the reported jobs among them) straight into its database, then the same
/// ingest again. The app stays up: what it holds in memory is not what is measured, the tables
/// and their indexes are.
/// </summary>
public static class HistoryGrowthBenchmark
{
    public delegate Task<(double Rate, double P99)> Load(bool toApp);

    private const int Jobs = 10_000;
    private const int RunsPerJob = 100;

    public static async Task RunAsync(IReadOnlyDictionary<string, string> appDatabase, Load load)
    {
        await load(toApp: true); // warm: the jobs' grains active, the code jitted, as they are after the seeding
        var before = await RoundsAsync(load);
        var (provider, connection) = (appDatabase["Database:Provider"], appDatabase["Database:ConnectionString"]);
        var started = DateTime.UtcNow;
        var stored = provider == "Postgres" ? await SeedPostgresAsync(connection) : await SeedSqliteAsync(connection);
        var seeding = DateTime.UtcNow - started;
        var after = await RoundsAsync(load);

        Console.WriteLine($"\n# Ingest as the history grows (16 clients; {stored:N0} runs stored in {seeding.TotalSeconds:0} s between the two)\n");
        Console.WriteLine("| history | minimal reports/s | app reports/s | app p99 |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| before | {before.Minimal:N0} | {before.App:N0} | {before.P99:0.0} ms |");
        Console.WriteLine($"| {stored:N0} runs | {after.Minimal:N0} | {after.App:N0} | {after.P99:0.0} ms |");
        Console.WriteLine($"\napp after / before: {after.App / before.App:0.00} (minimal endpoint: {after.Minimal / before.Minimal:0.00})");
    }

    private static async Task<(double Minimal, double App, double P99)> RoundsAsync(Load load)
    {
        var minimal = new List<double>();
        var app = new List<(double Rate, double P99)>();
        for (var round = 0; round < 2; round++)
        {
            minimal.Add((await load(toApp: false)).Rate);
            app.Add(await load(toApp: true));
        }

        return (minimal.Average(), app.Average(r => r.Rate), app.Max(r => r.P99));
    }

    /// <summary>The reported jobs' keys (they get 100 runs each too), then synthetic jobs for the rest.</summary>
    private static async Task<long> SeedSqliteAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Execute(connection, "PRAGMA busy_timeout = 60000");
        await using var transaction = connection.BeginTransaction();
        // Times are unix milliseconds; the seeded runs end one hour apart, long before the reported ones
        // and within the year of history the app keeps (Retention:RunHistory).
        await Execute(connection, $"""
            CREATE TEMP TABLE reported (idx INTEGER PRIMARY KEY, key TEXT NOT NULL);
            INSERT INTO reported SELECT row_number() OVER (ORDER BY key) - 1, key FROM (SELECT DISTINCT "JobKey" AS key FROM "BackupRuns" WHERE "JobKey" LIKE '%/job-%');
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {Jobs * RunsPerJob - 1})
            INSERT INTO "BackupRuns" ("JobKey", "RunId", "Operation", "Status", "StartedAt", "EndedAt", "DurationMs", "SizeBytes",
                "FileCount", "WarningCount", "ErrorCount", "Source", "ReceivedAt")
            SELECT coalesce(r.key, 'history-' || (n.i % {Jobs}) || '/nightly'), 'seed-' || n.i,
                'Backup', 'Success', n.t, n.t + 60000, 60000, 1000000, 100, 0, 0, 'bench', n.t + 60000
            FROM (SELECT i, (strftime('%s', 'now') - 300 * 86400) * 1000 + (i / {Jobs}) * 3600000 AS t FROM n) AS n
            LEFT JOIN reported r ON r.idx = n.i % {Jobs};
            """, transaction);
        transaction.Commit();
        return await Count(connection);
    }

    private static async Task<long> SeedPostgresAsync(string connectionString)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync();
        await Execute(connection, $"""
            CREATE TEMP TABLE reported AS SELECT row_number() OVER (ORDER BY key) - 1 AS idx, key
                FROM (SELECT DISTINCT "JobKey" AS key FROM "BackupRuns" WHERE "JobKey" LIKE '%/job-%') AS k;
            INSERT INTO "BackupRuns" ("JobKey", "RunId", "Operation", "Status", "StartedAt", "EndedAt", "DurationMs", "SizeBytes",
                "FileCount", "WarningCount", "ErrorCount", "Source", "ReceivedAt")
            SELECT coalesce(r.key, 'history-' || (i % {Jobs}) || '/nightly'), 'seed-' || i, 'Backup', 'Success', t, t + interval '1 minute',
                60000, 1000000, 100, 0, 0, 'bench', t + interval '1 minute'
            FROM (SELECT i, now() - interval '300 days' + (i / {Jobs}) * interval '1 hour' AS t FROM generate_series(0, {Jobs * RunsPerJob - 1}) AS i) AS n
            LEFT JOIN reported r ON r.idx = n.i % {Jobs};
            ANALYZE "BackupRuns";
            """);
        return await Count(connection);
    }

    private static async Task Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = new SqliteCommand(sql, connection, transaction) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Count(System.Data.Common.DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT count(*) FROM "BackupRuns" """;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
