using Npgsql;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test host: a SQLite file in a temporary folder, or a new
/// database on the PostgreSQL server that test.sh started. PostgreSQL tests fail, never skip,
/// when that server is missing.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string PostgresVariable = "NOTIFYORLEANS_TEST_POSTGRES";

    private readonly string? _sqliteDirectory;
    private readonly string? _postgresName;
    private readonly string? _postgresServer;

    public TestDatabase(DatabaseProvider provider)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Sqlite)
        {
            _sqliteDirectory = Directory.CreateTempSubdirectory("notifyorleans-sqlite-").FullName;
            ConnectionString = $"Data Source={Path.Combine(_sqliteDirectory, "app.db")}";
            return;
        }

        _postgresServer = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts PostgreSQL.");
        _postgresName = $"no_test_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE \"{_postgresName}\"");
        ConnectionString = new NpgsqlConnectionStringBuilder(_postgresServer) { Database = _postgresName }.ConnectionString;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public void Dispose()
    {
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteDirectory, recursive: true); } catch (IOException) { /* best effort */ }
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            try { Execute($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)"); }
            catch (PostgresException) { /* best effort: the cluster is thrown away after the run */ }
        }
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_postgresServer);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
