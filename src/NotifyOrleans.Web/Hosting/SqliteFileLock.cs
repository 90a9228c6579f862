using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// One node per SQLite database. A second app started on the same file (a second ./run.sh in the
/// checkout, with other ports) started without a word and ran as a cluster of its own beside the
/// first: every job's grain twice, each firing the same deadlines. The node holds an exclusive lock
/// on a file beside the database while it runs (the system lets go when the process ends, however
/// it ends); a second is refused in one line. Commands (<c>./run.sh keys create</c>) take no lock and
/// run beside the node as before.
/// </summary>
public static class SqliteFileLock
{
    /// <returns>True when this node holds the database (or it is not SQLite) and the start goes on.</returns>
    public static bool HoldsTheSqliteDatabase(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.SqliteFile is not { } file) return true; // PostgreSQL, or in memory
        try
        {
            var held = new FileStream(file + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            app.Lifetime.ApplicationStopped.Register(held.Dispose);
            return true;
        }
        catch (IOException)
        {
            return app.GoesOnUnless($"Another NotifyOrleans is running on {file}: one node per SQLite database. Stop it, " +
                "or give this one a folder of its own (Database:SqliteDirectory).", app.Environment.ApplicationName);
        }
    }
}
