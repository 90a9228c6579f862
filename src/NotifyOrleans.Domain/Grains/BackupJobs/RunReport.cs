namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// One run as reported by a backup tool, already parsed and validated. <see cref="RunId"/> makes
/// repeated reports of the same run (Duplicati retries on 5xx) idempotent.
/// </summary>
[GenerateSerializer, Immutable, Alias("RunReport")]
public sealed record RunReport
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string ServerName { get; init; }
    [Id(2)] public required string JobName { get; init; }
    [Id(3)] public required RunStatus Status { get; init; }
    [Id(4)] public RunOperation Operation { get; init; } = RunOperation.Backup;
    [Id(5)] public required DateTimeOffset EndedAt { get; init; }
    [Id(6)] public DateTimeOffset? StartedAt { get; init; }
    [Id(7)] public long? SizeBytes { get; init; }
    [Id(8)] public long? FileCount { get; init; }
    [Id(9)] public long? AddedFiles { get; init; }
    [Id(10)] public int WarningCount { get; init; }
    [Id(11)] public int ErrorCount { get; init; }
    /// <summary>The error (or warnings) in the tool's words, bounded.</summary>
    [Id(12)] public string? ErrorDetails { get; init; }
    /// <summary>A free-text log or message (a ping body), bounded.</summary>
    [Id(13)] public string? Message { get; init; }
    /// <summary>"duplicati", "api", "ping", or "restic" and "borg" for a ping whose body is their JSON output.</summary>
    [Id(14)] public string Source { get; init; } = "api";
    /// <summary>
    /// A run from before the job reported here (<c>?history=true</c>: an import, a backfill): kept
    /// in the history and the counts, told to nobody, and it opens no incident.
    /// </summary>
    [Id(15)] public bool History { get; init; }

    public TimeSpan? Duration => StartedAt is { } started && EndedAt >= started ? EndedAt - started : null;

    /// <summary>
    /// The size the run found, if it says one: a failed run that reports zero (Duplicati's, when the
    /// source was missing) examined nothing, which says nothing of the backup's size.
    /// </summary>
    public long? KnownSizeBytes => Known(Status, SizeBytes);

    /// <summary>The file count the run found, if it says one (as <see cref="KnownSizeBytes"/>).</summary>
    public long? KnownFileCount => Known(Status, FileCount);

    /// <summary>A figure of a run (its size, its file count) that says something: not a failed run's zero.</summary>
    public static long? Known(RunStatus status, long? figure) => status == RunStatus.Failure && figure == 0 ? null : figure;

    public const int MaxTextLength = 10_000;

    /// <summary>
    /// How far in the future a reported time may be (clocks drift; time zones get mixed up). A run
    /// dated later is refused (a year 6100 is no clock's drift); one within it is kept as ending
    /// when it arrived (<see cref="EndingBy"/>).
    /// </summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);

    /// <summary>The width of the history's RunId column.</summary>
    public const int RunIdMaxLength = 200;

    /// <summary>A run id that fits the history (see <see cref="StoredKeys"/>): cutting could merge two runs.</summary>
    public static string FitRunId(string id) => StoredKeys.Fit(id, RunIdMaxLength);

    /// <summary>
    /// The run as if it ended no later than it arrived. A sender whose clock runs ahead (by up to
    /// <see cref="MaxClockSkew"/>; further is refused) dates its run in the future, where it would
    /// be the job's last run for hours and every real run after it would read as reported late.
    /// Its start moves as much, so its length stays. <c>Ahead</c> is how far it was moved.
    /// </summary>
    public (RunReport Report, TimeSpan Ahead) EndingBy(DateTimeOffset arrival) =>
        EndedAt - arrival is var ahead && ahead > TimeSpan.Zero
            ? (this with { EndedAt = arrival, StartedAt = StartedAt - ahead }, ahead)
            : (this, TimeSpan.Zero);

    /// <summary>
    /// The report with its free texts as stored: within the limit, and without NUL characters
    /// (PostgreSQL's text cannot hold them; a ping's body may be any bytes). A longer one keeps its
    /// first paragraph and its end (<see cref="ShortenedBody"/>): the end of a log is where its error is,
    /// and a 14,000-character log cut at its end lost the one line that said what went wrong.
    /// </summary>
    public RunReport Bounded() => this with { ErrorDetails = Stored(ErrorDetails), Message = Stored(Message) };

    private static string? Stored(string? text) =>
        text is null ? null : ShortenedBody.Fit(text.Replace('\0', '\uFFFD'), MaxTextLength, kept => kept.Length);
}
