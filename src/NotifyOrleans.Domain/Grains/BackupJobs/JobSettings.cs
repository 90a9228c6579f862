using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// Everything about a job that people set (the console's job page, the API's PATCH), as opposed to
/// what its runs report. Changed as a whole through <see cref="IBackupJobGrain.ChangeSettingsAsync"/>.
/// </summary>
/// <param name="Grace">How late a run may be before the job is overdue; null: the global default.</param>
/// <param name="OverdueRepeat">How often the Overdue notice repeats while the job stays overdue; null: never.</param>
/// <param name="FailuresBeforeAlert">Bad runs in a row before On Failure channels hear of it.</param>
/// <param name="FailureRepeat">How often the Failure notice repeats while the job stays failed; null: never.</param>
/// <param name="MaxDuration">A started run not finished after this long makes the job overdue; null: no limit.</param>
/// <param name="Escalation">The job's own escalation steps; null: the global default policy.</param>
/// <param name="OnlyFirstFailure">On Failure channels and subscribers hear of an incident's first failed run only, not of each one after it (repeats, escalation and the recovery keep them posted); false: of every failed run.</param>
/// <param name="SizeDropPercent">A good run whose size or file count fell by more than this share of the job's usual is a warning (<see cref="SizeDrops"/>); null: the configured default (50); 0: never.</param>
/// <param name="Notes">What whoever is told of a problem should know or do first ("the NAS sleeps on Sundays; call Sam"), on the incident notices; null: none.</param>
[GenerateSerializer, Immutable, Alias("JobSettings")]
public sealed record JobSettings(
    IReadOnlyList<ChannelAssignment> Assignments,
    bool WarningsAreFailures = true,
    JobSchedule? Schedule = null,
    TimeSpan? Grace = null,
    TimeSpan? OverdueRepeat = null,
    int FailuresBeforeAlert = 1,
    TimeSpan? FailureRepeat = null,
    TimeSpan? MaxDuration = null,
    IReadOnlyList<EscalationStep>? Escalation = null,
    string? Notes = null,
    bool OnlyFirstFailure = false,
    int? SizeDropPercent = null)
{
    public const int MaxFailuresBeforeAlert = 100;
    public const int NotesMaxLength = 1000;

    /// <summary>Changes when the settings change (not when the job runs): the API's ETag for edits.</summary>
    public string Version
    {
        get
        {
            var schedule = Schedule ?? JobSchedule.None;
            var escalation = Escalation is null ? "default" : string.Join(";", Escalation.Select(s => $"{s.After}:{s.AfterFailures}:{string.Join(",", s.Channels)}:{s.Priority}:{string.Join(",", s.People)}"));
            var text = string.Join(";", Assignments.Select(a => $"{a.ChannelId:N}:{a.Condition}:{a.Enabled}"))
                + $"|{WarningsAreFailures}|{schedule.Kind}:{schedule.Every}:{string.Join(",", schedule.Days ?? [])}:{schedule.At}:{schedule.Cron}:{schedule.TimeZone}|{Grace}|{OverdueRepeat}"
                + $"|{FailuresBeforeAlert}|{FailureRepeat}|{MaxDuration}|{escalation}"
                + (Notes is null ? "" : $"|{Notes}") // without notes as before them: an upgrade changes no job's ETag
                + (OnlyFirstFailure ? "|first failure only" : "")
                + (SizeDropPercent is { } drop ? $"|size drop {drop}" : ""); // unset, as before it existed: an upgrade changes no job's ETag
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
        }
    }

    /// <summary>
    /// Why these settings cannot work, naming the API's field; null when they can. The API and the
    /// console check each field as they read it; this checks settings that come whole (a
    /// configuration import), by the same rules.
    /// </summary>
    public (string Field, string Message)? Check()
    {
        if (Schedule is { } schedule && JobSchedule.Check(schedule) is { } badSchedule) return badSchedule;
        foreach (var (field, duration) in new[] { ("grace", Grace), ("overdueRepeat", OverdueRepeat), ("failureRepeat", FailureRepeat), ("maxDuration", MaxDuration) })
        {
            if (duration is { } value && (value <= TimeSpan.Zero || value > Durations.Longest))
                return (field, $"A duration is longer than nothing and at most {Durations.Format(Durations.Longest)} (ten years).");
        }

        if (FailuresBeforeAlert is < 1 or > MaxFailuresBeforeAlert) return ("failuresBeforeAlert", $"It is 1 (the first failure) to {MaxFailuresBeforeAlert}.");
        if (CheckNotes(Notes) is { } notes) return ("notes", notes);
        if (SizeDrops.CheckPercent(SizeDropPercent) is { } drop) return ("sizeDropPercent", drop);
        return Escalation is { } steps ? EscalationStep.Check(steps) : null;
    }

    public static JobSettings Of(BackupJobState state) => new(
        state.Assignments.ToList(), state.WarningsAreFailures, state.Schedule,
        Span(state.GraceMs), Span(state.OverdueRepeatMs), state.FailuresBeforeAlert, Span(state.FailureRepeatMs), Span(state.MaxDurationMs),
        state.Escalation?.ToList(), state.Notes, state.OnlyFirstFailure, state.SizeDropPercent);

    /// <summary>Why these notes cannot be kept; null when they can (none at all is fine).</summary>
    public static string? CheckNotes(string? notes) =>
        notes is not null && notes.Trim().Length > NotesMaxLength ? $"Notes are at most {NotesMaxLength} characters ({notes.Trim().Length} given): the incident notices carry them." : null;

    /// <summary>Writes these settings into the state; a changed schedule counts from <paramref name="now"/>.</summary>
    public void ApplyTo(BackupJobState state, DateTimeOffset now)
    {
        var schedule = Schedule ?? JobSchedule.None;
        if (!SameSchedule(schedule, state.Schedule)) state.ScheduleSetAt = now;
        state.Assignments = Assignments.ToList();
        state.WarningsAreFailures = WarningsAreFailures;
        state.Schedule = schedule;
        state.GraceMs = Milliseconds(Grace);
        state.OverdueRepeatMs = Milliseconds(OverdueRepeat);
        state.FailuresBeforeAlert = FailuresBeforeAlert;
        state.FailureRepeatMs = Milliseconds(FailureRepeat);
        state.OnlyFirstFailure = OnlyFirstFailure;
        state.MaxDurationMs = Milliseconds(MaxDuration);
        state.SizeDropPercent = SizeDropPercent;
        state.Escalation = Escalation?.ToList();
        state.Notes = string.IsNullOrWhiteSpace(Notes) ? null : Notes.Trim().ReplaceLineEndings("\n"); // a browser's text area sends "\r\n"; notices use "\n"
    }

    private static TimeSpan? Span(long? milliseconds) => milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    private static long? Milliseconds(TimeSpan? span) => span is { } value ? (long)value.TotalMilliseconds : null;

    // Records compare lists by reference: the days are compared by value here.
    private static bool SameSchedule(JobSchedule a, JobSchedule b) =>
        a with { Days = null } == b with { Days = null } && (a.Days ?? []).SequenceEqual(b.Days ?? []);
}
