namespace NotifyOrleans.Infrastructure.ConfigurationBackups;

/// <summary>Section <c>ConfigurationBackup</c>: where exports go, how often, for how long, and the passphrase of their secrets.</summary>
public sealed class ConfigurationBackupOptions
{
    public const string Section = "ConfigurationBackup";

    /// <summary>The folder of the export files; null: <c>config-backups</c> beside the SQLite database (./data with run.sh, /app/data in Docker).</summary>
    public string? Folder { get; set; }

    /// <summary>How often the scheduled export runs (once per cluster); null or zero: never, only on demand.</summary>
    public TimeSpan? Every { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Export files older than this are deleted after each export.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Encrypts the channels' secrets inside the export (AES-256-GCM, key from PBKDF2). Without it,
    /// exports leave the secrets out and an import asks for them again. Set it to the same value on
    /// the instance that imports.
    /// </summary>
    public string? Passphrase { get; set; }
}
