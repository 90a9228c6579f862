namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// How a job's runs in a row that count as failures are named. A job that counts warnings as
/// failures (the default) also opens an incident on a run with warnings, such as Duplicati's
/// "Success with warnings": calling it a "failed run" would tell the reader something that did
/// not happen.
/// </summary>
public static class FailureStreak
{
    /// <param name="failingSince">When the incident's failing began: the run that opened it ended.</param>
    /// <param name="lastSuccessAt">When the job's newest run that made its backup ended: a run with warnings did, so an
    /// incident with one in it has this at or after its start (a warning then a failure is not "2 failed runs"). A warning
    /// before the run that opened it (a job that alerts after several) is not seen this way.</param>
    public static string Describe(int runs, RunStatus lastStatus, DateTimeOffset? failingSince, DateTimeOffset? lastSuccessAt) =>
        lastStatus == RunStatus.Warning || lastSuccessAt >= failingSince
            ? $"{Counts.Of(runs, "run")} in a row with warnings or failures (warnings count as failures for this job)"
            : $"{Counts.Of(runs, "failed run")} in a row";
}
