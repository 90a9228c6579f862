namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// Pausing a job's monitoring, for maintenance or a server switched off for a while: the clock
/// stops. While paused the job has no deadline, so no Overdue notice, and an open incident gets no
/// repeats and no escalation; runs are still recorded and notified as usual (a run is news, a
/// missing one is what the pause is about). A pause ends at its time, at the job's next report
/// when it was given none, or when someone resumes it; the next deadline counts from then. Pure,
/// like the other transitions.
/// </summary>
public static class Pauses
{
    /// <summary>The longest pause with an end: longer ones are "until it reports again" or a schedule to change.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    public static bool IsPaused(BackupJobState state) => state.PausedAt is not null;

    /// <summary>What a pause's end would be refused for, in words; null when it is a good one.</summary>
    public static string? Problem(DateTimeOffset? until, DateTimeOffset now) =>
        until is not { } end ? null
        : end <= now ? "The end of a pause must be in the future."
        : end - now > Longest ? $"A pause ends within {Longest.TotalDays:0} days; leave the end out to pause until the job reports again."
        : null;

    /// <summary>
    /// Pauses monitoring until <paramref name="until"/> (null: until the job reports again); pausing a
    /// paused job changes its end. An overdue incident closes without a word, as when a schedule is removed.
    /// </summary>
    public static void Pause(BackupJobState state, string by, DateTimeOffset? until, TimeSpan grace, DateTimeOffset now)
    {
        if (Problem(until, now) is { } problem) throw new ArgumentOutOfRangeException(nameof(until), problem);
        state.PausedAt ??= now;
        state.PausedBy = by;
        state.PausedUntil = until;
        OverdueTransitions.Reschedule(state, grace, now);
    }

    /// <summary>Monitoring goes on, the next deadline counted from now; false when the job was not paused.</summary>
    public static bool Resume(BackupJobState state, TimeSpan grace, DateTimeOffset now)
    {
        if (!IsPaused(state)) return false;
        state.PausedAt = state.PausedUntil = null;
        state.PausedBy = null;
        state.ResumedAt = now;
        OverdueTransitions.Reschedule(state, grace, now);
        return true;
    }

    /// <summary>At a wake-up: a pause whose time has come ends.</summary>
    public static bool EndIfDue(BackupJobState state, TimeSpan grace, DateTimeOffset now) =>
        state.PausedUntil is { } end && end <= now && Resume(state, grace, now);

    /// <summary>A report (a run, a ping's start): a pause given no end lasted until it, as the server is back.</summary>
    public static bool EndWithReport(BackupJobState state, TimeSpan grace, DateTimeOffset now) =>
        IsPaused(state) && state.PausedUntil is null && Resume(state, grace, now);
}
