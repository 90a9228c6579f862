namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>The outcome of one run. Duplicati's Success-with-warnings is a Warning; Error and Fatal are Failures.</summary>
[GenerateSerializer, Alias("RunStatus")]
public enum RunStatus { Unknown, Success, Warning, Failure }

/// <summary>What a run did. Restores raise system events instead of changing the backup's status.</summary>
[GenerateSerializer, Alias("RunOperation")]
public enum RunOperation { Backup, Restore, Other }
