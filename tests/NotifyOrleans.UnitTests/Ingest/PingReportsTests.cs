using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.UnitTests.Ingest;

/// <summary>Ping bodies as restic 0.14 and borg 1.2 wrote them (captured on Debian 12, stdout and stderr into one file).</summary>
public sealed class PingReportsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    private const string ResticSuccess = """
        {"message_type":"summary","files_new":1,"files_changed":1,"files_unmodified":3,"dirs_new":0,"dirs_changed":3,"dirs_unmodified":1,"data_blobs":2,"tree_blobs":4,"data_added":2824,"total_files_processed":5,"total_bytes_processed":1054539,"total_duration":0.211831697,"snapshot_id":"5636dbbd"}
        """;

    private const string ResticUnreadableFiles = """
        {"message_type":"status","percent_done":0,"total_files":1,"total_bytes":14}
        {"message_type":"error","error":{},"during":"scan","item":"/srv/lockeddir"}
        {"message_type":"error","error":{"Op":"open","Path":"/srv/b.txt","Err":13},"during":"archival","item":"/srv/b.txt"}
        {"message_type":"summary","files_new":4,"files_changed":0,"files_unmodified":0,"dirs_new":5,"dirs_changed":0,"dirs_unmodified":0,"data_blobs":5,"tree_blobs":6,"data_added":1053814,"total_files_processed":4,"total_bytes_processed":1050486,"total_duration":0.217496712,"snapshot_id":"c69658ed"}
        Warning: at least one source file could not be read
        """;

    private const string BorgWithWarnings = """
        {"type": "log_message", "time": 1796174954.5019357, "message": "/srv/b.txt: open: [Errno 13] Permission denied: 'b.txt'", "levelname": "WARNING", "name": "borg.archiver"}
        {
            "archive": {
                "command_line": ["/usr/bin/borg", "create", "--json", "--log-json", "/backup/borg::{now}", "/srv"],
                "duration": 2.5,
                "end": "2026-12-02T01:29:14.000000",
                "id": "fb3d4bb60376022397f46b8a8c9be8882441c8ffade38ba85a09e5e2b58c534c",
                "limits": {"max_archive_size": 2.5892308310730016e-05},
                "name": "2026-12-02T01:29:14",
                "start": "2026-12-02T01:29:14.000000",
                "stats": {"compressed_size": 1051179, "deduplicated_size": 543, "nfiles": 4, "original_size": 1051054}
            },
            "cache": {"stats": {"total_chunks": 12, "unique_size": 1052601}},
            "encryption": {"mode": "repokey"},
            "repository": {"id": "9b30c3c3", "last_modified": "2026-12-02T01:29:14.000000", "location": "/backup/borg"}
        }
        """;

    [Fact]
    public void A_restic_summary_gives_the_runs_figures_and_its_snapshot_names_the_run()
    {
        var run = PingReports.Build("nas-01", "restic", PingSignal.Exit(0), ResticSuccess, null, Now);

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal((1_054_539L, 5L, 1L), (run.SizeBytes!.Value, run.FileCount!.Value, run.AddedFiles!.Value));
        Assert.InRange(run.Duration!.Value.TotalMilliseconds, 211, 212);
        Assert.Equal("restic:5636dbbd", run.RunId);
        Assert.Equal("restic", run.Source);
        Assert.Equal("Exit code 0", run.Message); // the figures are fields, not log lines
        Assert.Null(run.ErrorDetails);
    }

    [Fact]
    public void A_restic_exit_code_3_is_a_warning_with_the_unreadable_files_in_words()
    {
        var run = PingReports.Build("nas-01", "restic", PingSignal.Exit(3), ResticUnreadableFiles, null, Now);

        Assert.Equal(RunStatus.Warning, run.Status);
        Assert.Equal(4, run.FileCount);
        Assert.Equal(2, run.WarningCount); // its two error lines; the closing "Warning:" line sums them up
        Assert.Equal(
            """
            Exit code 3: restic could not read some source files; the snapshot was made without them
            Could not read /srv/lockeddir (during scan)
            Could not open /srv/b.txt: permission denied
            Warning: at least one source file could not be read
            """.ReplaceLineEndings("\n"),
            run.ErrorDetails);
    }

    [Fact]
    public void A_borg_document_gives_the_figures_and_exit_code_1_is_a_warning()
    {
        var run = PingReports.Build("nas-01", "borg", PingSignal.Exit(1), BorgWithWarnings, null, Now);

        Assert.Equal(RunStatus.Warning, run.Status);
        Assert.Equal(1, run.WarningCount);
        Assert.Equal((1_051_054L, 4L), (run.SizeBytes!.Value, run.FileCount!.Value));
        Assert.Null(run.AddedFiles);
        Assert.Equal(Now - TimeSpan.FromSeconds(2.5), run.StartedAt);
        Assert.Equal("borg:fb3d4bb60376022397f46b8a8c9be8882441c8ffade38ba85a09e5e2b58c534c", run.RunId);
        Assert.Equal(
            "Exit code 1: borg finished with warnings; the archive was made\nWARNING: /srv/b.txt: open: [Errno 13] Permission denied: 'b.txt'",
            run.ErrorDetails);
    }

    [Theory]
    [InlineData(2)] // borg: an error, and no archive
    [InlineData(1)] // restic: fatal
    public void Without_the_tools_output_an_exit_code_other_than_0_is_a_failure_as_for_any_command(int code)
    {
        var run = PingReports.Build("nas-01", "borg", PingSignal.Exit(code), "Repository /backup/borg does not exist.", null, Now);

        Assert.Equal(RunStatus.Failure, run.Status);
        Assert.Equal($"Exit code {code}\nRepository /backup/borg does not exist.", run.ErrorDetails);
        Assert.Equal("ping", run.Source);
        Assert.StartsWith("ping:", run.RunId);
    }

    /// <summary>restic 0.17 and later end a fatal run with this line in JSON; there is no summary and no snapshot.</summary>
    private const string ResticMissingRepository = """
        {"message_type":"exit_error","code":10,"message":"repository does not exist: unable to open config file: stat /backup/restic/config: no such file or directory"}
        """;

    /// <summary>borg 1.2.4 on Debian 12, <c>borg create --json --log-json</c> into a repository that is not there.</summary>
    private const string BorgMissingRepository = """
        {"type": "log_message", "time": 1796259539.334899, "message": "Repository /backup/borg does not exist.", "levelname": "ERROR", "name": "borg.archiver", "msgid": "Repository.DoesNotExist"}
        """;

    [Fact]
    public void A_failed_restic_run_is_named_restic_by_its_json_and_its_exit_code_is_said_in_words()
    {
        var run = PingReports.Build("nas-01", "restic", PingSignal.Exit(10), ResticMissingRepository, null, Now);

        Assert.Equal(RunStatus.Failure, run.Status);
        Assert.Equal("restic", run.Source);
        Assert.StartsWith("ping:", run.RunId); // no snapshot names it
        Assert.Equal(
            "Exit code 10: the restic repository does not exist\nrepository does not exist: unable to open config file: stat /backup/restic/config: no such file or directory",
            run.ErrorDetails);
    }

    [Fact]
    public void A_failed_borg_run_with_log_json_is_named_borg_and_its_exit_code_is_said_in_words()
    {
        var run = PingReports.Build("nas-01", "borg", PingSignal.Exit(2), BorgMissingRepository, null, Now);

        Assert.Equal(RunStatus.Failure, run.Status);
        Assert.Equal("borg", run.Source);
        Assert.Equal("Exit code 2: borg stopped with an error; no archive was made\nERROR: Repository /backup/borg does not exist.", run.ErrorDetails);
    }

    [Theory]
    [InlineData("restic", 11, "the restic repository is locked")]
    [InlineData("restic", 12, "wrong restic password")]
    [InlineData("restic", 2, null)] // restic names no code 2 for backup: a failure, as for any command
    [InlineData("borg", 137, "borg was killed by signal 9")]
    [InlineData("borg", 128, null)]
    public void The_failure_codes_a_tool_names_are_said_in_words_and_others_are_plain_failures(string tool, int code, string? meaning) =>
        Assert.Equal((RunStatus.Failure, meaning), ToolExitCodes.Judge(tool, code));

    [Fact]
    public void A_restic_exit_code_1_stays_a_failure_even_with_a_summary() =>
        Assert.Equal(RunStatus.Failure, PingReports.Build("nas-01", "restic", PingSignal.Exit(1), ResticSuccess, null, Now).Status);

    [Fact]
    public void The_fail_route_is_a_failure_whatever_the_body_and_a_run_id_given_wins_over_the_snapshot()
    {
        var run = PingReports.Build("nas-01", "restic", PingSignal.Failure, ResticSuccess, "nightly-42", Now);

        Assert.Equal(RunStatus.Failure, run.Status);
        Assert.Equal("rid:nightly-42", run.RunId);
        Assert.Equal(1_054_539, run.SizeBytes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  \n")]
    public void A_fail_ping_without_a_log_says_where_the_failure_came_from_and_keeps_no_log(string? body)
    {
        var run = PingReports.Build("db-01", "rsync-www", PingSignal.Failure, body, null, Now);

        Assert.Equal(RunStatus.Failure, run.Status);
        Assert.Equal(PingReports.BareFailure, run.ErrorDetails);
        Assert.Null(run.Message);
        Assert.Null(PingReports.Build("db-01", "rsync-www", PingSignal.Success, body, null, Now).ErrorDetails);
    }

    [Theory]
    [InlineData("{\"message_type\":\"summary\",\"total_bytes_processed\":12") ] // cut off at the size limit
    [InlineData("{not json}\nplain log line")]
    [InlineData("{\"archive\":{\"name\":\"no stats\"}}")]
    public void A_body_that_is_not_a_whole_summary_is_a_plain_log(string body)
    {
        var run = PingReports.Build("nas-01", "job", PingSignal.Success, body, null, Now);

        Assert.Null(run.SizeBytes);
        Assert.Equal("ping", run.Source);
        Assert.Equal(body, run.Message);
    }

    [Fact]
    public void A_log_too_long_to_keep_goes_on_from_a_lines_start_after_saying_its_beginning_is_left_out()
    {
        var log = string.Concat(Enumerable.Range(0, 100).Select(i => $"Could not open /srv/file-{i:D3}\n")) + "done";

        var run = PingReports.Build("nas-01", "job", PingSignal.Exit(1), log, null, Now, keptLength: 200);

        var kept = run.Message!.Split('\n');
        Assert.Equal(["Exit code 1", PingReports.BeginningLeftOut], kept[..2]);
        Assert.All(kept[2..^1], line => Assert.Matches(@"^Could not open /srv/file-\d{3}$", line));
        Assert.Equal("done", kept[^1]);
        Assert.True(run.Message.Length <= 200);
    }
}
