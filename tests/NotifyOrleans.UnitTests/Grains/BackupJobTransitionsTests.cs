using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.UnitTests.Grains;

public sealed class BackupJobTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid FailureChannel = Guid.NewGuid();
    private static readonly Guid EverythingChannel = Guid.NewGuid();
    private static readonly Guid WarningChannel = Guid.NewGuid();

    private static BackupJobState State() => new()
    {
        Assignments =
        [
            new ChannelAssignment(FailureChannel, NotifyCondition.OnFailure),
            new ChannelAssignment(EverythingChannel, NotifyCondition.Always),
            new ChannelAssignment(WarningChannel, NotifyCondition.OnWarning),
        ],
    };

    private static RunReport Run(RunStatus status, DateTimeOffset? ended = null, string? id = null, DateTimeOffset? started = null) => new()
    {
        RunId = id ?? Guid.NewGuid().ToString(),
        ServerName = "nas-01",
        JobName = "Documents",
        Status = status,
        EndedAt = ended ?? Now,
        StartedAt = started,
        SizeBytes = 1000,
        FileCount = 10,
        ErrorDetails = status == RunStatus.Success ? null : "disk full",
    };

    [Fact]
    public void A_run_dated_ahead_of_its_arrival_ends_at_its_arrival_with_its_length_and_one_on_time_is_kept_as_it_is()
    {
        var (moved, ahead) = Run(RunStatus.Success, Now.AddHours(2), started: Now.AddHours(2).AddMinutes(-7)).EndingBy(Now);
        var (kept, none) = Run(RunStatus.Success, Now.AddSeconds(-1), started: null).EndingBy(Now);
        var (noStart, _) = Run(RunStatus.Failure, Now.AddMinutes(5)).EndingBy(Now);

        Assert.Equal((Now, Now.AddMinutes(-7), TimeSpan.FromHours(2)), (moved.EndedAt, moved.StartedAt, ahead));
        Assert.Equal((Now.AddSeconds(-1), TimeSpan.Zero), (kept.EndedAt, none));
        Assert.Equal((Now, (DateTimeOffset?)null), (noStart.EndedAt, noStart.StartedAt));
    }

    [Fact]
    public void The_last_backup_made_is_the_newest_success_or_warning_whenever_it_was_reported()
    {
        var state = State();

        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddDays(-3)), Now);
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Warning, Now.AddDays(-2)), Now); // made, with warnings
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure, Now.AddDays(-1)), Now);
        Assert.Equal(Now.AddDays(-2), state.LastSuccessAt);

        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddDays(-4)), Now); // an older one, reported late
        Assert.Equal(Now.AddDays(-2), state.LastSuccessAt);
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddHours(-30)), Now); // late, but newer than the last made
        Assert.Equal(Now.AddHours(-30), state.LastSuccessAt);
        Assert.Equal(Now.AddDays(-1), state.LastRunAt); // the late one does not move the job's last run
    }

    [Fact]
    public void A_failure_of_an_acknowledged_incident_and_its_recovery_say_who_acknowledged_it()
    {
        var state = State();
        var (_, first) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure, Now.AddHours(-2)), Now.AddHours(-2));
        Incidents.Acknowledge(state, "ada@example.test", "on it", Now.AddHours(-1));

        var (_, again) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure, Now), Now);
        var (_, recovered) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddHours(1)), Now.AddHours(1));

        Assert.Null(Assert.Single(first).Acknowledged);
        var failure = Assert.Single(again);
        Assert.Equal(EventTypes.BackupFailure, failure.EventType);
        Assert.Equal(new Acknowledgement("ada@example.test", Now.AddHours(-1)), failure.Acknowledged);
        Assert.Equal(new Acknowledgement("ada@example.test", Now.AddHours(-1)), Assert.Single(recovered).Acknowledged);
    }

    [Fact]
    public void A_success_updates_the_state_and_notifies_only_always_channels()
    {
        var state = State();

        var (_, notifications) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, started: Now.AddMinutes(-5)), Now);

        Assert.Equal(RunStatus.Success, state.Status);
        Assert.Equal(Now, state.LastRunAt);
        Assert.Equal(300_000, state.LastDurationMs);
        Assert.Equal((1, 1, 0, 0), (state.RunCount, state.SuccessCount, state.WarningCount, state.FailureCount));
        var notification = Assert.Single(notifications);
        Assert.Equal(EventTypes.BackupSuccess, notification.EventType);
        Assert.Equal([EverythingChannel], notification.ChannelIds);
    }

    [Fact]
    public void A_failure_notifies_failure_and_always_channels_with_the_error()
    {
        var state = State();

        var (_, notifications) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure), Now);

        Assert.Equal("disk full", state.LastError);
        var notification = Assert.Single(notifications);
        Assert.Equal(EventTypes.BackupFailure, notification.EventType);
        Assert.Equal([FailureChannel, EverythingChannel], notification.ChannelIds);
    }

    [Fact]
    public void A_warning_counts_as_a_failure_unless_the_job_separates_them()
    {
        var together = State();
        var apart = State();
        apart.WarningsAreFailures = false;

        var (_, first) = BackupJobTransitions.ApplyRun(together, Run(RunStatus.Warning), Now);
        var (_, second) = BackupJobTransitions.ApplyRun(apart, Run(RunStatus.Warning), Now);

        Assert.Equal([FailureChannel, EverythingChannel, WarningChannel], first.Single().ChannelIds);
        Assert.Equal([EverythingChannel, WarningChannel], second.Single().ChannelIds);
        Assert.Equal(EventTypes.BackupWarning, first.Single().EventType);
    }

    [Fact]
    public void A_success_after_a_failure_is_a_recovery_told_to_those_who_heard_of_the_failure()
    {
        var state = State();
        BackupJobTransitions.RecordRun(state, Run(RunStatus.Failure, Now.AddDays(-1)), [], TimeSpan.FromHours(1), Now);

        var (_, notifications) = BackupJobTransitions.RecordRun(state, Run(RunStatus.Success), [], TimeSpan.FromHours(1), Now);

        Assert.All(notifications, n => Assert.Equal(EventTypes.BackupRecovered, n.EventType));
        Assert.Contains(FailureChannel, notifications.SelectMany(n => n.ChannelIds));
        Assert.Null(state.LastError);
    }

    [Fact]
    public void Imported_history_tells_nobody_and_opens_no_incident_but_is_the_jobs_record()
    {
        var state = State();
        var grace = TimeSpan.FromHours(1);

        var (_, failed) = BackupJobTransitions.RecordRun(state, Run(RunStatus.Failure, Now.AddDays(-60)) with { History = true }, [], grace, Now);
        var (_, warned) = BackupJobTransitions.RecordRun(state, Run(RunStatus.Warning, Now.AddDays(-59)) with { History = true }, [], grace, Now);
        var (_, lateFailure) = BackupJobTransitions.RecordRun(state, Run(RunStatus.Failure, Now.AddDays(-90)) with { History = true }, [], grace, Now);
        var (_, lastFailure) = BackupJobTransitions.RecordRun(state, Run(RunStatus.Failure, Now.AddDays(-58)) with { History = true }, [], grace, Now);

        Assert.Empty(failed.Concat(warned).Concat(lateFailure).Concat(lastFailure));
        Assert.Null(state.IncidentSince);
        Assert.Equal((RunStatus.Failure, Now.AddDays(-58), 4), (state.Status, state.LastRunAt, state.RunCount));
        Assert.Equal(Now.AddDays(-59), state.LastSuccessAt);

        // The first live failure is news, and the incident it opens starts with it, not with the past.
        var (_, live) = BackupJobTransitions.RecordRun(state, Run(RunStatus.Failure), [], grace, Now);
        Assert.Equal(EventTypes.BackupFailure, live.Single().EventType);
        Assert.Contains(FailureChannel, live.Single().ChannelIds);
        Assert.Equal(Now, state.IncidentSince);
    }

    [Fact]
    public void Imported_history_newer_than_an_open_incident_ends_it_as_any_run_does()
    {
        var state = State();
        BackupJobTransitions.RecordRun(state, Run(RunStatus.Failure, Now.AddHours(-3)), [], TimeSpan.FromHours(1), Now.AddHours(-3));

        var (_, notices) = BackupJobTransitions.RecordRun(state, Run(RunStatus.Success, Now.AddHours(-1)) with { History = true }, [], TimeSpan.FromHours(1), Now);

        Assert.Null(state.IncidentSince);
        Assert.Equal(EventTypes.BackupRecovered, notices.Single().EventType); // to those told of the failure
        Assert.Contains(FailureChannel, notices.Single().ChannelIds);
    }

    [Fact]
    public void A_repeated_run_id_is_recognised()
    {
        var state = State();
        var run = Run(RunStatus.Failure, id: "backup-1@123");
        BackupJobTransitions.ApplyRun(state, run, Now);

        Assert.True(BackupJobTransitions.IsRepeat(state, run));
        Assert.False(BackupJobTransitions.IsRepeat(state, run with { RunId = "backup-1@456" }));
    }

    [Fact]
    public void Only_a_run_ending_after_the_latest_is_known_to_be_new()
    {
        var state = State();
        var run = Run(RunStatus.Success, id: "backup-1@123");
        Assert.True(BackupJobTransitions.IsNewerThanEveryRun(state, run)); // a new job has no runs
        BackupJobTransitions.ApplyRun(state, run, Now);

        Assert.False(BackupJobTransitions.IsNewerThanEveryRun(state, run with { RunId = "other" }));
        Assert.False(BackupJobTransitions.IsNewerThanEveryRun(state, run with { EndedAt = run.EndedAt.AddMinutes(-1) }));
        Assert.True(BackupJobTransitions.IsNewerThanEveryRun(state, run with { EndedAt = run.EndedAt.AddSeconds(1) }));
    }

    [Fact]
    public void Only_the_last_50_run_ids_are_kept()
    {
        var state = State();
        for (var i = 0; i < 60; i++) BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddMinutes(i), $"run-{i}"), Now);

        Assert.Equal(50, state.RecentRunIds.Count);
        Assert.Equal("run-59", state.RecentRunIds[^1]);
        Assert.DoesNotContain("run-9", state.RecentRunIds);
    }

    [Fact]
    public void A_failure_reported_late_is_notified_as_late_without_moving_the_status_back()
    {
        var state = State();
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now), Now);

        var (_, notifications) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure, Now.AddDays(-1)), Now);

        Assert.Equal(RunStatus.Success, state.Status);
        Assert.Equal(Now, state.LastRunAt);
        Assert.Equal((2, 1), (state.RunCount, state.FailureCount));
        var late = Assert.Single(notifications);
        Assert.Equal(EventTypes.BackupFailure, late.EventType);
        Assert.True(late.ReportedLate);
        Assert.Equal(Now, late.NewestRunAt); // its notice's "Last run" is the newer one
        Assert.Equal([FailureChannel, EverythingChannel], late.ChannelIds);
    }

    [Fact]
    public void A_failure_reported_late_after_the_last_good_run_is_one_more_in_a_row_and_one_before_it_is_not()
    {
        var state = State();
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddHours(-4)), Now);
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure, Now.AddHours(-2)), Now);
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure, Now), Now);

        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure, Now.AddHours(-1)), Now); // applied after a newer one (a failover)
        Assert.Equal(3, state.ConsecutiveFailures);
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure, Now.AddHours(-5)), Now); // before the success: another streak's
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddHours(-3)), Now); // a late success changes no streak
        Assert.Equal(3, state.ConsecutiveFailures);
        Assert.Equal((6, 4), (state.RunCount, state.FailureCount));
    }

    [Fact]
    public void A_success_reported_late_is_counted_and_notifies_nobody()
    {
        var state = State();
        BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure, Now), Now);

        var (_, notifications) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddHours(-3)), Now);

        Assert.Equal(RunStatus.Failure, state.Status);
        Assert.Equal(2, state.RunCount);
        Assert.Empty(notifications);
    }

    [Fact]
    public void A_ping_start_gives_the_following_run_its_duration()
    {
        var state = State();
        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", Now.AddMinutes(-7), Now.AddMinutes(-7));

        var (run, _) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success), Now);

        Assert.Equal(TimeSpan.FromMinutes(7), run.Duration);
        Assert.Null(state.RunStartedAt);
    }

    [Fact]
    public void A_ping_start_before_the_tools_own_start_measures_the_whole_script()
    {
        var state = State();
        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", Now.AddMinutes(-7), Now.AddMinutes(-7));
        var (script, _) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, started: Now.AddMinutes(-2)), Now); // restic's own 2 minutes, after a dump

        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", Now.AddMinutes(1), Now.AddMinutes(1));
        var (own, _) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddMinutes(5), started: Now.AddSeconds(30)), Now.AddMinutes(5)); // began before the start was said

        Assert.Equal(TimeSpan.FromMinutes(7), script.Duration);
        Assert.Equal(TimeSpan.FromSeconds(270), own.Duration);
    }

    [Fact]
    public void A_start_that_names_its_run_measures_only_that_runs_end()
    {
        var state = State();
        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", Now.AddMinutes(-10), Now.AddMinutes(-10), "rid:a");
        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", Now.AddMinutes(-8), Now.AddMinutes(-8), "rid:b"); // overlapping runs

        var (a, _) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddMinutes(-4), id: "rid:a"), Now.AddMinutes(-4));
        var (b, _) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, id: "rid:b"), Now);

        Assert.Null(a.Duration); // not measured from b's start
        Assert.Equal(TimeSpan.FromMinutes(8), b.Duration);
        Assert.Null(state.RunStartedId);
    }

    [Fact]
    public void A_start_older_than_a_day_is_not_used()
    {
        var state = State();
        BackupJobTransitions.ApplyStart(state, "nas-01", "Documents", Now.AddDays(-2), Now.AddDays(-2));

        var (run, _) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success), Now);

        Assert.Null(run.Duration);
    }

    [Fact]
    public void Without_a_schedule_no_next_run_is_promised_however_regular_the_runs()
    {
        var state = State();
        for (var day = 0; day < 5; day++) BackupJobTransitions.ApplyRun(state, Run(RunStatus.Success, Now.AddDays(day)), Now);

        Assert.Null(state.NextExpectedAt); // the runs suggest a schedule, with the evidence, on the job's page
    }

    [Fact]
    public void Disabled_assignments_notify_nobody()
    {
        var state = State();
        state.Assignments = state.Assignments.Select(a => a with { Enabled = false }).ToList();

        var (_, notifications) = BackupJobTransitions.ApplyRun(state, Run(RunStatus.Failure), Now);

        // The failure is still news (subscribers may hear of it), but no channel is routed to it.
        var failure = Assert.Single(notifications);
        Assert.Empty(failure.ChannelIds);
        Assert.False(failure.HasRecipients);
    }

    [Theory]
    [InlineData("NAS-01 ", " Documents", "nas-01/documents")]
    [InlineData("nas-01", "Documents", "nas-01/documents")]
    public void The_job_key_ignores_case_and_surrounding_spaces(string server, string job, string key) =>
        Assert.Equal(key, JobKey.Of(server, job).Value);
}

public sealed class JobKeyTests
{
    [Fact]
    public void Names_of_200_characters_each_are_refused_together_naming_the_job()
    {
        var problem = JobKey.Check(new string('s', 200), new string('j', 200));

        Assert.Equal("job", problem!.Value.Field);
        Assert.Contains("255", problem.Value.Message);
        Assert.Throws<ArgumentException>(() => JobKey.Of(new string('s', 200), new string('j', 200)));
    }

    [Theory]
    [InlineData(200, 55, null)]
    [InlineData(200, 56, "job")]
    [InlineData(201, 1, "server")]
    [InlineData(0, 1, "server")]
    [InlineData(1, 0, "job")]
    public void The_limits_are_200_per_name_and_256_for_the_key(int serverLength, int jobLength, string? field)
    {
        var problem = JobKey.Check(new string('s', serverLength), new string('j', jobLength));

        Assert.Equal(field, problem?.Field);
        if (field is null) Assert.Equal(JobKey.MaxLength, JobKey.Of(new string('s', serverLength), new string('j', jobLength)).Value.Length);
    }

    [Fact]
    public void A_bad_server_and_a_bad_job_are_both_named_and_their_length_together_only_when_each_is_right()
    {
        Assert.Equal([("server", "A server name cannot contain '/'."), ("job", "The job name is empty.")], JobKey.Problems("a/b", " "));
        Assert.Equal(("server", "A server name cannot contain '/'."), JobKey.Check("a/b", " "));
        Assert.Equal(["server"], JobKey.Problems(new string('s', 201), new string('j', 200)).Select(p => p.Field)); // not also "together"
    }

    [Fact]
    public void Names_with_control_characters_are_refused_and_such_run_ids_hashed()
    {
        Assert.Equal("server", JobKey.Check("nas\0", "docs")?.Field);
        Assert.Equal("job", JobKey.Check("nas", "do\u0007cs")?.Field);
        Assert.StartsWith("sha256:", RunReport.FitRunId("rid:\0"));
        Assert.DoesNotContain('\0', new RunReport { RunId = "r", ServerName = "s", JobName = "j", Status = RunStatus.Failure, EndedAt = DateTimeOffset.UnixEpoch, Message = "a\0b" }.Bounded().Message!);
    }

    [Fact]
    public void A_log_longer_than_a_run_keeps_its_first_paragraph_and_its_end_where_the_error_is()
    {
        var log = "pg_dump of 3 databases.\n\n" + string.Join("\n", Enumerable.Range(1, 700).Select(i => $"dumping table {i} of 700")) + "\nERROR: could not write: No space left on device";
        var run = new RunReport { RunId = "r", ServerName = "s", JobName = "j", Status = RunStatus.Failure, EndedAt = DateTimeOffset.UnixEpoch, Message = log, ErrorDetails = log }.Bounded();

        Assert.True(log.Length > RunReport.MaxTextLength);
        Assert.InRange(run.ErrorDetails!.Length, RunReport.MaxTextLength - 300, RunReport.MaxTextLength);
        Assert.StartsWith("pg_dump of 3 databases.\n\n[…]\n", run.ErrorDetails);
        Assert.EndsWith("ERROR: could not write: No space left on device", run.Message);
    }

    [Theory]
    [InlineData("nas", "nightly\u202Egnp.exe", "job", "U+202E")] // shows as "nightlyexe.png"
    [InlineData("nas\u2067", "docs", "server", "U+2067")]
    [InlineData("..", "docs", "server", "only dots")]
    [InlineData("srv.", ".", "job", "only dots")]
    [InlineData("srv.", "v1.2", null, null)] // dots among other characters are names like any
    [InlineData("Nas 😀", "👨‍👩‍👧 photos", null, null)] // emoji, with their zero-width joiners, are not turned around
    [InlineData("nas\u200B-01", "docs", "server", "invisible character (U+200B)")] // looks like nas-01
    [InlineData("nas", "docs\uFEFF", "job", "U+FEFF")]
    [InlineData("nas", "so\u00ADfort", "job", "U+00AD")]
    [InlineData("fs-01", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", null, null)] // Persian's zero-width non-joiner shapes the word
    public void Names_that_read_as_something_else_are_refused(string server, string job, string? field, string? said)
    {
        var problem = JobKey.Check(server, job);

        Assert.Equal(field, problem?.Field);
        if (said is not null) Assert.Contains(said, problem!.Value.Message);
    }

    [Fact]
    public void Long_run_ids_are_hashed_never_cut()
    {
        var a = RunReport.FitRunId(new string('x', 300) + "a");
        var b = RunReport.FitRunId(new string('x', 300) + "b");

        Assert.NotEqual(a, b);
        Assert.True(a.Length <= RunReport.RunIdMaxLength);
        Assert.Equal("short", RunReport.FitRunId("short"));
    }
}

public sealed class BackupJobSizeTests
{
    [Fact]
    public void A_failed_run_reporting_zero_size_keeps_the_last_known_size()
    {
        var state = new BackupJobState();
        var now = DateTimeOffset.UtcNow;
        BackupJobTransitions.ApplyRun(state, new RunReport { RunId = "1", ServerName = "s", JobName = "j", Status = RunStatus.Success, EndedAt = now, SizeBytes = 500, FileCount = 7 }, now);

        BackupJobTransitions.ApplyRun(state, new RunReport { RunId = "2", ServerName = "s", JobName = "j", Status = RunStatus.Failure, EndedAt = now.AddHours(1), SizeBytes = 0, FileCount = 0 }, now);

        Assert.Equal((500L, 7L), (state.LastSizeBytes!.Value, state.LastFileCount!.Value));
    }

    [Fact]
    public void The_history_shows_no_size_for_a_failed_runs_zero_and_a_successful_runs_zero_as_it_is()
    {
        var failed = new NotifyOrleans.Infrastructure.Jobs.BackupRun { Status = RunStatus.Failure, SizeBytes = 0, FileCount = 0 };
        var emptySuccess = new NotifyOrleans.Infrastructure.Jobs.BackupRun { Status = RunStatus.Success, SizeBytes = 0, FileCount = 0 };

        Assert.Equal((null, null), (failed.KnownSizeBytes, failed.KnownFileCount)); // it examined nothing: "—", not "0 B"
        Assert.Equal((0L, 0L), (emptySuccess.KnownSizeBytes, emptySuccess.KnownFileCount)); // an empty source backed up is news
    }
}
