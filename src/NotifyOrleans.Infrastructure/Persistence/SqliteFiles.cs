using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// The SQLite database's files as an operator meets them: readable by their owner alone, and copied
/// aside before a new version changes their schema.
/// </summary>
public static class SqliteFiles
{
    /// <summary>How many copies taken before upgrades are kept: each is as large as the database.</summary>
    public const int KeptBackups = 3;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The database and its companions (<c>-wal</c>, <c>-shm</c>, the node's lock) made readable by
    /// their owner alone. It holds password hashes, key hashes and, without a key-ring certificate,
    /// the very keys that decrypt the channels' secrets. <c>./run.sh</c> creates them so (umask 077),
    /// but a database an earlier version made under the usual umask stayed readable by every local
    /// user, and SQLite gives its new <c>-wal</c> the database's mode.
    /// </summary>
    /// <param name="logger">Told when one was narrowed: once, at the start that did it (null for the backup's copy, which is new).</param>
    public static void KeepToOwner(string databaseFile, ILogger? logger)
    {
        if (OperatingSystem.IsWindows()) return;
        var narrowed = new List<string>();
        foreach (var file in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm", databaseFile + ".lock" })
        {
            if (!File.Exists(file) || (File.GetUnixFileMode(file) & ~OwnerOnly) == 0) continue;
            File.SetUnixFileMode(file, OwnerOnly);
            narrowed.Add(Path.GetFileName(file));
        }

        if (narrowed.Count > 0)
            logger?.LogWarning("Made {Files} readable by its owner alone: other users of this machine could read it (password and key hashes, the key ring).", string.Join(", ", narrowed));
    }

    /// <summary>
    /// A consistent copy of the database (<c>VACUUM INTO</c>, while nothing else writes: before the
    /// migrations, before the node serves) in <c>backups/</c> beside it, named for the time and the
    /// newest migration it has; the oldest beyond <see cref="KeptBackups"/> are removed.
    /// </summary>
    /// <returns>The copy's path.</returns>
    public static async Task<string> BackUpBeforeMigratingAsync(AppDbContext db, string databaseFile, string newestApplied, DateTimeOffset now)
    {
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!, "backups");
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(databaseFile)}-{now:yyyyMMdd-HHmmss}-at-{newestApplied}.db");
        await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", copy);
        KeepToOwner(copy, logger: null);
        foreach (var old in Directory.GetFiles(folder, "*.db").OrderByDescending(File.GetLastWriteTimeUtc).Skip(KeptBackups)) File.Delete(old);
        return copy;
    }
}
