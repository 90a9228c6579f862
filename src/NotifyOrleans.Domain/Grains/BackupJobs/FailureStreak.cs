namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// How a job's runs in a row that count as failures are named. A job that counts warnings as
/// failures (the default) also opens an incident on a run with warnings, such as Duplicati's
/// "Success with warnings": calling it a "failed run" would tell the reader something that did
/// not happen.
/// </summary>
public static class FailureStreak
{
    public static string Describe(int runs, RunStatus lastStatus) => lastStatus == RunStatus.Warning
        ? $"{Counts.Of(runs, "run")} in a row with warnings or failures (warnings count as failures for this job)"
        : $"{Counts.Of(runs, "failed run")} in a row";
}
