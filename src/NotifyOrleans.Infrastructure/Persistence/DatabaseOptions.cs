using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Npgsql;

namespace NotifyOrleans.Infrastructure.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Bound to the <c>Database</c> section (env: <c>NotifyOrleans__Database__Provider</c>, ...).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// For SQLite, defaults to a file under ./data. For PostgreSQL it is required, e.g.
    /// <c>Host=db;Database=notifyorleans;Username=notifyorleans;Password=...</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up (on PostgreSQL EF takes a lock, so nodes may race safely).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    [Required]
    public string SqliteDirectory { get; set; } = "data";

    /// <summary>The SQLite database's file, as a full path; null on PostgreSQL, or for a database in memory.</summary>
    public string? SqliteFile =>
        Provider == DatabaseProvider.Sqlite && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(EffectiveConnectionString).DataSource is { Length: > 0 } source && source != ":memory:"
            ? Path.GetFullPath(source)
            : null;

    public string EffectiveConnectionString => Provider switch
    {
        DatabaseProvider.Sqlite => string.IsNullOrWhiteSpace(ConnectionString)
            ? $"Data Source={Path.Combine(SqliteDirectory, "notifyorleans.db")}"
            : ConnectionString,
        _ => string.IsNullOrWhiteSpace(ConnectionString)
            ? throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is Postgres.")
            : WithPostgresDefaults(ConnectionString),
    };

    /// <summary>
    /// Npgsql's settings for a workload of the same few statements, unless the connection string
    /// sets them: the statements repeated for every report are prepared once per connection
    /// (PostgreSQL no longer parses and plans them each time), and a connection back in the pool
    /// is not reset, since the app leaves no session state (no <c>SET</c>, temporary tables or
    /// <c>LISTEN</c>; its one advisory lock is a transaction's). Together they took a fifth to a
    /// third of PostgreSQL's CPU per report (docs/benchmarks.md). <c>Max Auto Prepare=0</c> turns the first
    /// off, for PgBouncer in transaction mode before 1.21, which cannot keep prepared statements.
    /// </summary>
    private static string WithPostgresDefaults(string connectionString)
    {
        // Npgsql's builder knows every keyword, so it cannot say which were given: the string's own keys can.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare")) settings.MaxAutoPrepare = 64;
        if (!given.Contains("AutoPrepareMinUsages")) settings.AutoPrepareMinUsages = 2;
        if (!given.Contains("NoResetOnClose")) settings.NoResetOnClose = true;
        return settings.ConnectionString;
    }
}
