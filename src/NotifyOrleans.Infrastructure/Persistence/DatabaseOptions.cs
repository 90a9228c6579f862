using System.ComponentModel.DataAnnotations;

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
            : ConnectionString,
    };
}
