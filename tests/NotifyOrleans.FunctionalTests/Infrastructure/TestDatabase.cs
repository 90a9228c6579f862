using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>
/// A fresh database for one test host: a SQLite file in a temporary folder, or a new database on
/// the PostgreSQL server that test.sh started. PostgreSQL tests fail, never skip, when that server
/// is missing.
/// </summary>
/// <remarks>
/// A fresh database is a copy of one the app's migrations were applied to once per test run, as
/// a restarted app finds its database: applying them to each of some 700 test hosts' databases
/// took about a second of each start. The migrations themselves still run on every test run (into
/// the template, and from empty in <c>./run.sh</c>'s tests and in <see cref="Empty"/> databases,
/// which tests of a very first start ask for).
/// </remarks>
public sealed class TestDatabase : IDisposable
{
    public const string PostgresVariable = "NOTIFYORLEANS_TEST_POSTGRES";

    private static readonly Lazy<string> SqliteTemplate = new(MakeSqliteTemplate);
    private static readonly Lazy<string> PostgresTemplate = new(MakePostgresTemplate);

    private readonly string? _sqliteDirectory;
    private readonly string? _postgresName;

    /// <summary>A database with the app's migrations applied.</summary>
    public TestDatabase(DatabaseProvider provider) : this(provider, migrated: true) { }

    private TestDatabase(DatabaseProvider provider, bool migrated)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Sqlite)
        {
            _sqliteDirectory = Directory.CreateTempSubdirectory("notifyorleans-sqlite-").FullName;
            var file = Path.Combine(_sqliteDirectory, "app.db");
            if (migrated) File.Copy(SqliteTemplate.Value, file);
            ConnectionString = $"Data Source={file}";
            return;
        }

        _postgresName = $"no_test_{Guid.NewGuid():N}";
        // FILE_COPY copies the template's files (and checkpoints, nothing on the test cluster with
        // fsync off); the default, WAL_LOG, writes every block through the WAL: 77-83 ms against 200-310.
        ExecuteOnServer(migrated
            ? $"CREATE DATABASE \"{_postgresName}\" TEMPLATE \"{PostgresTemplate.Value}\" STRATEGY FILE_COPY"
            : $"CREATE DATABASE \"{_postgresName}\"");
        ConnectionString = PostgresConnectionString(_postgresName);
    }

    /// <summary>A database with no table at all, for tests of an app's very first start.</summary>
    public static TestDatabase Empty(DatabaseProvider provider) => new(provider, migrated: false);

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public void Dispose()
    {
        if (_sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteDirectory, recursive: true); } catch (IOException) { /* best effort */ }
        }

        if (_postgresName is not null) DropPostgres(_postgresName);
    }

    private static string MakeSqliteTemplate()
    {
        var folder = Directory.CreateTempSubdirectory("notifyorleans-sqlite-template-").FullName;
        var file = Path.Combine(folder, "template.db");
        Migrate(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } };
        return file;
    }

    private static string MakePostgresTemplate()
    {
        var name = $"no_template_{Guid.NewGuid():N}";
        ExecuteOnServer($"CREATE DATABASE \"{name}\"");
        // Pooling off: a copy is refused while any session is connected to its template.
        Migrate(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(PostgresConnectionString(name)) { Pooling = false }.ConnectionString);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropPostgres(name);
        return name;
    }

    /// <summary>The app's own migrations, through its persistence services, as its start-up applies them.</summary>
    private static void Migrate(DatabaseProvider provider, string connectionString)
    {
        using var services = new ServiceCollection().AddLogging().AddPersistence(PersistenceSettings(provider, connectionString)).BuildServiceProvider();
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.Migrate();
    }

    /// <summary>The settings the app's persistence services need for a database, as a host without the app gives them.</summary>
    public static IConfiguration PersistenceSettings(DatabaseProvider provider, string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = connectionString,
            [TestKeyRing.Setting] = TestKeyRing.CertificatePath,
        }).Build();

    private static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable)
        ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    private static string PostgresConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = database }.ConnectionString;

    private static void DropPostgres(string name)
    {
        NpgsqlConnection.ClearAllPools();
        try { ExecuteOnServer($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"); }
        catch (Exception e) when (e is PostgresException or NpgsqlException) { /* best effort: the cluster is thrown away after the run */ }
    }

    private static void ExecuteOnServer(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresServer);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
