namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// A backup that succeeds with much less than before: the classic silent failure of a backup job
/// (a drive or share not mounted, a folder moved, an exclude that took everything), which the tool
/// itself reports as a success. A good run whose size or file count fell by more than the job's
/// share (<see cref="JobSettings.SizeDropPercent"/>) below the job's baseline is recorded and told
/// as a warning that says what fell. The baseline is the last good run's figures that did not fall,
/// so every run stays a warning while the source is missing, and the first run whose figures are
/// back ends it; a source that really shrank is taken as the job's size by someone (<see cref="Accept"/>).
/// </summary>
public static class SizeDrops
{
    /// <summary>The share, in percent, when neither the job nor the configuration names one.</summary>
    public const int DefaultPercent = 50;

    /// <summary>Baselines below these say too little: a test job's 3 files becoming 1 is no news.</summary>
    public const long SmallestSize = 1024 * 1024, SmallestFileCount = 10;

    /// <summary>Why a job's share cannot be used; null when it can (none at all: the default).</summary>
    public static string? CheckPercent(int? percent) =>
        percent is < 0 or > 99 ? "A share in percent, from 0 (never warn) to 99; none: the default." : null;

    /// <summary>
    /// The run as the job records it, against the baseline: a good run that fell by more than
    /// <paramref name="percent"/> becomes a warning saying so first in its details; one that did not
    /// becomes the baseline. Failures, runs reported late and imported history are not compared
    /// (history, the job's newest run, still sets the baseline).
    /// </summary>
    public static RunReport Check(BackupJobState state, RunReport report, int percent)
    {
        if (report.Status == RunStatus.Failure || BackupJobTransitions.IsLate(state, report)) return report;
        var fell = report.History || percent <= 0 ? null : Fall(state.SizeBaselineBytes, state.FileCountBaseline, report.KnownSizeBytes, report.KnownFileCount, percent);
        if (fell is null)
        {
            state.SizeBaselineBytes = report.KnownSizeBytes ?? state.SizeBaselineBytes;
            state.FileCountBaseline = report.KnownFileCount ?? state.FileCountBaseline;
            return report;
        }

        return report with
        {
            Status = RunStatus.Warning,
            WarningCount = report.WarningCount + 1,
            ErrorDetails = report.ErrorDetails is { Length: > 0 } details ? $"{fell}\n\n{details}" : fell,
        };
    }

    /// <summary>The last run's figures become what later runs are compared with: the source really shrank.</summary>
    public static void Accept(BackupJobState state)
    {
        state.SizeBaselineBytes = state.LastSizeBytes ?? state.SizeBaselineBytes;
        state.FileCountBaseline = state.LastFileCount ?? state.FileCountBaseline;
    }

    /// <summary>What fell below the baseline by more than <paramref name="percent"/>, in words; null when nothing did.</summary>
    public static string? Fall(long? baselineSize, long? baselineCount, long? size, long? count, int percent) =>
        percent <= 0 ? null
        : Fell(baselineSize, size, SmallestSize, percent, Format.Bytes, "size") ?? Fell(baselineCount, count, SmallestFileCount, percent, Format.Count, "file count");

    private static string? Fell(long? baseline, long? now, long smallest, int percent, Func<long, string> format, string figure)
    {
        if (baseline is not { } usual || now is not { } current || usual < smallest || current >= usual) return null;
        var drop = (int)Math.Floor(100.0 * (usual - current) / usual);
        return drop > percent
            ? $"The backup's {figure} fell to {format(current)} from the {format(usual)} of its last good run (−{drop} %): is everything it should back up still there (a drive or share mounted, a folder not moved)?"
            : null;
    }
}
