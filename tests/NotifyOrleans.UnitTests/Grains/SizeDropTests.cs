using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>
/// A success that backed up much less than the job's last good run (a drive not mounted) is a
/// warning; it stays one while the source is missing, ends when the figures are back, and someone
/// takes a source that really shrank as the job's size.
/// </summary>
public sealed class SizeDropTests
{
    private const long GB = 1024L * 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid OnCall = Guid.NewGuid();
    private static int _runs;

    private static RunReport Run(int day, long? size, long? files, RunStatus status = RunStatus.Success, bool history = false) => new()
    {
        RunId = $"r-{Interlocked.Increment(ref _runs)}", ServerName = "nas-01", JobName = "photos", Status = status,
        EndedAt = Start.AddDays(day), SizeBytes = size, FileCount = files, History = history,
    };

    private static BackupJobState Job() => new() { Assignments = [new ChannelAssignment(OnCall, NotifyCondition.OnFailure)] };

    /// <summary>As the grain records a run: compared, then applied.</summary>
    private static (RunReport Run, IReadOnlyList<JobNotification> Notices) Record(BackupJobState state, RunReport report, int percent = 50)
    {
        var checkedRun = SizeDrops.Check(state, report, percent);
        return BackupJobTransitions.RecordRun(state, checkedRun, [], TimeSpan.FromHours(1), report.EndedAt);
    }

    [Fact]
    public void A_success_that_backed_up_almost_nothing_is_a_warning_that_says_what_fell_and_the_failure_channel_hears_of_it()
    {
        var job = Job();
        Record(job, Run(0, 120 * GB, 48_000));

        var (run, notices) = Record(job, Run(1, 2 * 1024 * 1024, 3));

        Assert.Equal(RunStatus.Warning, run.Status);
        Assert.Equal(1, run.WarningCount);
        Assert.Equal("The backup's size fell to 2 MB from the 120 GB of its last good run (−99 %): is everything it should back up still there (a drive or share mounted, a folder not moved)?", run.ErrorDetails);
        var notice = Assert.Single(notices);
        Assert.Equal(EventTypes.BackupWarning, notice.EventType);
        Assert.Equal([OnCall], notice.ChannelIds); // warnings count as failures by default: the incident opens
        Assert.NotNull(job.FailingSince);
        Assert.Equal(2 * 1024 * 1024, job.LastSizeBytes); // the page shows the size it is
        Assert.Equal(120 * GB, job.SizeBaselineBytes); // and compares with the one it was
    }

    [Fact]
    public void It_stays_a_warning_while_the_source_is_missing_and_the_first_run_back_ends_it()
    {
        var job = Job();
        Record(job, Run(0, 120 * GB, 48_000));
        Record(job, Run(1, 0, 0));

        var (still, _) = Record(job, Run(2, 0, 0));
        var (back, notices) = Record(job, Run(3, 121 * GB, 48_100));

        Assert.Equal(RunStatus.Warning, still.Status);
        Assert.StartsWith("The backup's size fell to 0 B from the 120 GB", still.ErrorDetails);
        Assert.Equal(RunStatus.Success, back.Status);
        Assert.NotEmpty(notices);
        Assert.All(notices, notice => Assert.Equal(EventTypes.BackupRecovered, notice.EventType));
        Assert.Equal(121 * GB, job.SizeBaselineBytes);
    }

    [Fact]
    public void A_source_that_really_shrank_is_taken_as_the_jobs_size_and_the_next_run_ends_the_incident()
    {
        var job = Job();
        Record(job, Run(0, 120 * GB, 48_000));
        Record(job, Run(1, 30 * GB, 12_000));
        Assert.NotNull(SizeDrops.Fall(job.SizeBaselineBytes, job.FileCountBaseline, job.LastSizeBytes, job.LastFileCount, 50));

        SizeDrops.Accept(job);
        var (next, notices) = Record(job, Run(2, 30 * GB, 12_000));

        Assert.Null(SizeDrops.Fall(job.SizeBaselineBytes, job.FileCountBaseline, job.LastSizeBytes, job.LastFileCount, 50));
        Assert.Equal(RunStatus.Success, next.Status);
        Assert.NotEmpty(notices);
        Assert.All(notices, notice => Assert.Equal(EventTypes.BackupRecovered, notice.EventType));
    }

    [Fact]
    public void The_file_count_alone_can_fall_and_a_tools_own_warnings_follow_the_reason()
    {
        var job = Job();
        Record(job, Run(0, 50 * GB, 10_000));

        var (run, _) = Record(job, Run(1, 49 * GB, 1_200, RunStatus.Warning) with { WarningCount = 2, ErrorDetails = "2 files were locked" });

        Assert.Equal(3, run.WarningCount);
        Assert.Equal("The backup's file count fell to 1,200 from the 10,000 of its last good run (−88 %): is everything it should back up still there (a drive or share mounted, a folder not moved)?\n\n2 files were locked", run.ErrorDetails);
    }

    [Theory]
    [InlineData(50, 60 * 1024L, 10L, false)]        // 40 % smaller: within 50 %
    [InlineData(50, 49 * 1024L, 10L, true)]         // 51 % smaller
    [InlineData(0, 1L, 10L, false)]                 // 0: never
    [InlineData(90, 20 * 1024L, 10L, false)]        // within 90 %
    public void The_share_decides(int percent, long sizeKb, long files, bool warns)
    {
        var job = Job();
        Record(job, Run(0, 100 * 1024 * 1024, files), percent);

        var (run, _) = Record(job, Run(1, sizeKb * 1024, files), percent);

        Assert.Equal(warns ? RunStatus.Warning : RunStatus.Success, run.Status);
    }

    [Fact]
    public void Small_jobs_failures_history_and_late_runs_are_not_compared()
    {
        var tiny = Job();
        Record(tiny, Run(0, 500 * 1024, 5));
        Assert.Equal(RunStatus.Success, Record(tiny, Run(1, 10, 1)).Run.Status); // under 1 MB and 10 files: too little to say

        var job = Job();
        Record(job, Run(0, 120 * GB, 48_000));
        var (failed, _) = Record(job, Run(1, 0, 0, RunStatus.Failure));
        var (imported, _) = Record(job, Run(2, 1 * GB, 100, history: true));
        var (late, _) = Record(job, Run(-5, 1 * GB, 100));

        Assert.Equal(RunStatus.Failure, failed.Status);
        Assert.Null(failed.ErrorDetails);
        Assert.Equal(RunStatus.Success, imported.Status);
        Assert.Equal(RunStatus.Success, late.Status);
        Assert.Equal(1 * GB, job.SizeBaselineBytes); // history, the newest run, is what the next run is compared with; the late one is not
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(0, null)]
    [InlineData(99, null)]
    [InlineData(100, "sizeDropPercent")]
    [InlineData(-1, "sizeDropPercent")]
    public void A_jobs_share_is_0_to_99(int? percent, string? refused) =>
        Assert.Equal(refused, new JobSettings([], SizeDropPercent: percent).Check()?.Field);
}
