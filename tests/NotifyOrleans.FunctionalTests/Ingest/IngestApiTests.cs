using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Ingest;

public abstract class IngestApiTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    private HttpClient Api => App.CreateClient();

    protected async Task<string> CreateKeyAsync(string? server = null, string? job = null)
    {
        using var scope = App.Services.CreateScope();
        var (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("test", server, job, "tests");
        return key;
    }

    private async Task<HttpResponseMessage> UploadAsync(string key, byte[] body, string contentType = "application/json") =>
        await Api.PostAsync($"/api/upload?key={key}", new ByteArrayContent(body) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } });

    private Task<BackupJobSnapshot?> JobAsync(string key) => QueryAsync(db => new JobQueries(db).FindAsync(key));

    [Theory]
    [InlineData("01-success", RunStatus.Success, 0)]
    [InlineData("03-warning-broken-symlink", RunStatus.Warning, 4)]
    [InlineData("04-fail-missing-source", RunStatus.Failure, 2)]
    [InlineData("07-success-default-form-format", RunStatus.Success, 0)]
    public async Task A_real_duplicati_report_is_recorded_as_the_client_sent_it(string folder, RunStatus status, int warningsOrErrors)
    {
        var key = await CreateKeyAsync();

        var response = await UploadAsync(key, Fixtures.Duplicati(folder), Fixtures.DuplicatiContentType(folder));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = await JobAsync("vm/anchor-test");
        Assert.NotNull(job);
        Assert.Equal(status, job.Status);
        Assert.Equal("vm", job.ServerName);
        Assert.Equal("anchor-test", job.JobName);
        Assert.Equal(warningsOrErrors, job.LastWarningCount + job.LastErrorCount);
        Assert.Equal(1, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }

    [Fact]
    public async Task A_fatal_report_keeps_the_exception_as_the_error()
    {
        await UploadAsync(await CreateKeyAsync(), Fixtures.Duplicati("04-fail-missing-source"));

        var job = await JobAsync("vm/anchor-test");
        var run = await QueryAsync(db => db.BackupRuns.SingleAsync());

        Assert.Contains("No valid source folders found", job!.LastError);
        // It never ended (EndTime 0001-01-01, Duration 00:00:00): its duration is unknown, not 0 ms.
        Assert.Null(run.StartedAt);
        var began = DateTimeOffset.Parse("2026-11-22T05:27:55.6792949Z"); // its BeginTime: when it failed
        Assert.InRange(run.EndedAt, began.AddMilliseconds(-1), began.AddMilliseconds(1));
    }

    [Fact]
    public async Task A_failure_in_duplicatis_default_text_format_says_its_errors_not_the_whole_report()
    {
        const string error = "2026-11-22 05:29:41 +00 - [Error-Duplicati.Library.Main.Operation.BackupHandler-FatalError]: Fatal error";
        const string warning = "2026-11-22 05:29:40 +00 - [Warning-Duplicati.Library.Main.Operation.Backup.FileEnumerationProcess-FileAccessError]: Error reported while accessing file: /data/locked.db";
        var form = System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(Fixtures.Duplicati("07-success-default-form-format")));
        form["message"] = form["message"]!
            .Replace("ParsedResult: Success", "ParsedResult: Error")
            .Replace("LimitedWarnings: []", $"LimitedWarnings: [\n    {warning}\n]")
            .Replace("LimitedErrors: []", $"LimitedErrors: [\n    {error},\n    System.Net.Http.HttpRequestException: 507 Insufficient Storage\n]");

        var response = await UploadAsync(await CreateKeyAsync(), Encoding.UTF8.GetBytes(form.ToString()!), Fixtures.DuplicatiContentType("07-success-default-form-format"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = await JobAsync("vm/anchor-test");
        Assert.Equal(RunStatus.Failure, job!.Status);
        Assert.Equal($"{error}\n{warning}", job.LastError); // as for a JSON report: the entries' first lines, errors first
    }

    [Fact]
    public async Task A_success_report_records_size_files_and_duration()
    {
        await UploadAsync(await CreateKeyAsync(), Fixtures.Duplicati("01-success"));

        var run = await QueryAsync(db => db.BackupRuns.SingleAsync());

        Assert.Equal(3, run.FileCount);
        Assert.True(run.SizeBytes > 0);
        Assert.True(run.DurationMs > 0);
        Assert.Equal("duplicati", run.Source);
    }

    [Theory]
    [InlineData("real-success-duplicati-2.1.0.5__from_dev_database_values.json", "wsj-ser5/wsj-ser5 local files", RunStatus.Success)]
    [InlineData("synthetic-warning__from_scripts_generate-test-data.json", null, RunStatus.Warning)]
    [InlineData("synthetic-error__from_scripts_generate-test-data.json", "db-prod-01/databases", RunStatus.Failure)]
    public async Task Duplistatus_samples_are_accepted(string file, string? expectedKey, RunStatus status)
    {
        var response = await UploadAsync(await CreateKeyAsync(), Fixtures.Duplistatus(file));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var key = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job"]!.GetValue<string>();
        if (expectedKey is not null) Assert.Equal(expectedKey, key);
        Assert.Equal(status, (await JobAsync(key))!.Status);
    }

    [Fact]
    public async Task The_same_report_again_changes_nothing_and_notifies_nobody_twice()
    {
        var channel = await new DeliveryHarness(App).AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/hook" });
        await SetDefaultsAsync(new ChannelAssignment(channel, NotifyCondition.Always));
        var key = await CreateKeyAsync();

        var first = await UploadAsync(key, Fixtures.Duplicati("04-fail-missing-source"));
        var again = await UploadAsync(key, Fixtures.Duplicati("04-fail-missing-source"));

        Assert.Contains("recorded", await first.Content.ReadAsStringAsync());
        Assert.Contains("repeat", await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await QueryAsync(db => db.BackupRuns.CountAsync()));
        Assert.Equal(1, await QueryAsync(db => db.Outbox.CountAsync()));
        Assert.Equal(1, (await JobAsync("vm/anchor-test"))!.RunCount);
    }

    [Fact]
    public async Task A_failure_enqueues_a_notification_for_each_matching_channel_and_a_success_does_not()
    {
        var harness = new DeliveryHarness(App);
        var onFailure = await harness.AddChannelAsync("Failures", new WebhookSettings { Url = "http://127.0.0.1:9/a" });
        var onSuccess = await harness.AddChannelAsync("Successes", new WebhookSettings { Url = "http://127.0.0.1:9/b" });
        await SetDefaultsAsync(new ChannelAssignment(onFailure, NotifyCondition.OnFailure), new ChannelAssignment(onSuccess, NotifyCondition.OnSuccess));
        var key = await CreateKeyAsync();

        await UploadAsync(key, Fixtures.Duplicati("03-warning-broken-symlink"));
        await UploadAsync(key, Fixtures.Duplicati("04-fail-missing-source"));

        var rows = await QueryAsync(db => db.Outbox.OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(2, rows.Count); // the warning (warnings count as failures by default) and the failure
        Assert.All(rows, r => Assert.Equal(onFailure, r.ChannelId));
        Assert.Equal("backup.warning", rows[0].EventType);
        Assert.Equal("backup.failure", rows[1].EventType);
        Assert.Equal("vm/anchor-test", rows[0].JobKey);
        Assert.Contains("anchor-test", rows[0].Title);
        Assert.Equal(0, rows[1].Priority); // failures are sent first
    }

    [Theory]
    [InlineData("query")]
    [InlineData("header")]
    [InlineData("bearer")]
    [InlineData("extra")]
    public async Task The_key_is_accepted_from_the_query_a_header_a_bearer_token_or_the_reports_extra(string where)
    {
        var key = await CreateKeyAsync();
        var body = JsonNode.Parse(Fixtures.Duplicati("01-success"))!;
        if (where == "extra") body["Extra"]!["key"] = key;
        var request = new HttpRequestMessage(HttpMethod.Post, where == "query" ? $"/api/upload?key={key}" : "/api/upload")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (where == "header") request.Headers.Add("X-Api-Key", key);
        if (where == "bearer") request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var response = await Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_or_revoked_key_is_refused_with_problem_json_and_nothing_is_stored()
    {
        var key = await CreateKeyAsync();
        var id = await QueryAsync(db => db.IngestKeys.Select(k => k.Id).SingleAsync());
        await QueryAsync(async db => await db.IngestKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow)));

        var unknown = await UploadAsync("nok_wrong", Fixtures.Duplicati("01-success"));
        var revoked = await UploadAsync(key, Fixtures.Duplicati("01-success"));

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Equal("key", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }

    [Fact]
    public async Task A_key_made_for_a_server_files_reports_under_that_server()
    {
        var response = await UploadAsync(await CreateKeyAsync(server: "backup-box"), Fixtures.Duplicati("01-success"));

        Assert.Contains("backup-box/anchor-test", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, int, string> BadReports => new()
    {
        { "{not json", "application/json", 400, "$" },
        { "[]", "application/json", 400, "$" },
        { "{}", "application/json", 400, "Data" },
        { """{"Data": 5}""", "application/json", 400, "Data" },
        { """{"Data": {"ParsedResult": "Success"}, "Extra": {"backup-name": "x"}}""", "application/json", 400, "Extra.machine-name" },
        { """{"Data": {"ParsedResult": "Success"}, "Extra": {"machine-name": "m"}}""", "application/json", 400, "Extra.backup-name" },
        { """{"Data": {"ParsedResult": "Great"}, "Extra": {"machine-name": "m", "backup-name": "x"}}""", "application/json", 400, "Data.ParsedResult" },
        { """{"Data": {"ParsedResult": "Success", "BeginTime": 17}, "Extra": {"machine-name": "m", "backup-name": "x"}}""", "application/json", 400, "Data.BeginTime" },
        { """{"Data": {"ParsedResult": "Success", "ExaminedFiles": "many"}, "Extra": {"machine-name": "m", "backup-name": "x"}}""", "application/json", 400, "Data.ExaminedFiles" },
        { """{"Data": {"ParsedResult": "Success"}, "Extra": ["m"]}""", "application/json", 400, "Extra" },
        { "message=hello%20world", "application/x-www-form-urlencoded", 400, "message" },
        { "other=1", "application/x-www-form-urlencoded", 400, "message" },
        { "<report/>", "application/xml", 415, "Content-Type" },
        { """{"Data": {"ParsedResult": "Success"}}""", "application/x-www-form-urlencoded", 415, "Content-Type" }, // curl --data-binary without -H
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task Bad_input_gets_a_4xx_problem_naming_the_field_and_nothing_is_stored(string body, string contentType, int status, string field)
    {
        var response = await UploadAsync(await CreateKeyAsync(), Encoding.UTF8.GetBytes(body), contentType);

        Assert.Equal(status, (int)response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(field, problem["field"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]!.GetValue<string>()));
        Assert.Equal(0, await QueryAsync(db => db.BackupJobs.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }

    [Fact]
    public async Task A_duplicati_json_report_replayed_as_curls_default_form_is_told_to_send_json_not_to_change_duplicati()
    {
        var response = await UploadAsync(await CreateKeyAsync(), Fixtures.Duplicati("04-fail-missing-source"), "application/x-www-form-urlencoded");

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((415, "Content-Type"), ((int)response.StatusCode, problem["field"]!.GetValue<string>()));
        Assert.Contains("Content-Type: application/json", problem["detail"]!.GetValue<string>());
        Assert.DoesNotContain("send-http-result-output-format", problem["detail"]!.GetValue<string>()); // Duplicati's option was right
    }

    [Fact]
    public async Task A_duplicati_form_report_sent_with_a_json_content_type_is_told_so_not_that_m_cannot_start_json()
    {
        var form = Fixtures.Duplicati("07-success-default-form-format");

        var response = await UploadAsync(await CreateKeyAsync(), form, "application/json");

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((415, "Content-Type"), ((int)response.StatusCode, problem["field"]!.GetValue<string>()));
        Assert.StartsWith("The body is a form (message=…, Duplicati's default report format), but its Content-Type says it is JSON.", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }

    [Fact]
    public async Task An_empty_body_is_said_to_be_empty_not_to_lack_json_tokens()
    {
        var key = await CreateKeyAsync();
        var upload = await UploadAsync(key, []);
        var runs = Api;
        runs.DefaultRequestHeaders.Add("X-Api-Key", key);
        var run = await runs.PostAsync("/api/v1/runs", new ByteArrayContent([]) { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/json") } });

        foreach (var response in new[] { upload, run })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(("$", "The body is empty: send a JSON object."), (problem["field"]!.GetValue<string>(), problem["detail"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var huge = Encoding.UTF8.GetBytes("{\"Data\": {\"x\": \"" + new string('a', 1_100_000) + "\"}}");

        var response = await UploadAsync(await CreateKeyAsync(), huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_restore_raises_restore_events_and_leaves_the_backups_status_alone()
    {
        var key = await CreateKeyAsync();
        await UploadAsync(key, Fixtures.Duplicati("01-success"));
        var restore = JsonNode.Parse(Fixtures.Duplicati("04-fail-missing-source"))!;
        restore["Data"]!["MainOperation"] = "Restore";

        var response = await UploadAsync(key, Encoding.UTF8.GetBytes(restore.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RunStatus.Success, (await JobAsync("vm/anchor-test"))!.Status);
        var restoreEvent = await QueryAsync(db => db.SystemEvents.SingleAsync(e => e.Type == SystemEventType.RestoreFailed));
        Assert.Contains("anchor-test", restoreEvent.Summary);
        Assert.Equal(2, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }

    [Fact]
    public async Task A_restore_that_worked_tells_what_the_tool_said_and_how_many_files_came_back_once()
    {
        var client = Api;
        client.DefaultRequestHeaders.Add("X-Api-Key", await CreateKeyAsync());

        var response = await client.PostAsync("/api/v1/runs", Json(new { server = "db-01", job = "pg_dump", status = "success", operation = "restore", fileCount = 1234, message = "restored to staging" }));
        var restoreEvent = await QueryAsync(db => db.SystemEvents.SingleAsync(e => e.Type == SystemEventType.RestoreCompleted));
        var message = App.Services.GetRequiredService<NotifyOrleans.Infrastructure.SystemEvents.SystemEventMessages>().ForChannels(restoreEvent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("A restore from pg_dump on db-01 finished at ", message.Body);
        Assert.EndsWith("\n\n1,234 files restored.\nrestored to staging", message.Body);
        Assert.DoesNotContain("completed", message.Body); // the title says it; the body does not say it again
    }

    [Theory]
    [InlineData("Compact")]
    [InlineData("List")]
    [InlineData("Repair")]
    public async Task Other_operations_are_kept_in_the_history_without_changing_the_backups_status(string operation)
    {
        var key = await CreateKeyAsync();
        await UploadAsync(key, Fixtures.Duplicati("04-fail-missing-source"));
        var other = JsonNode.Parse(Fixtures.Duplicati("01-success"))!;
        other["Data"]!["MainOperation"] = operation;

        var response = await UploadAsync(key, Encoding.UTF8.GetBytes(other.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RunStatus.Failure, (await JobAsync("vm/anchor-test"))!.Status);
        Assert.Equal(2, await QueryAsync(db => db.BackupRuns.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.SystemEvents.CountAsync()));
    }

    [Fact]
    public async Task A_backup_run_whose_id_the_history_holds_for_a_restore_is_a_repeat_not_an_error()
    {
        var client = Api;
        client.DefaultRequestHeaders.Add("X-Api-Key", await CreateKeyAsync());
        var run = new { server = "db-01", job = "pg_dump", status = "success", endedAt = "2026-11-22T01:04:00Z", runId = "same-id" };

        var restore = await client.PostAsync("/api/v1/runs", Json(new { run.server, run.job, run.status, run.endedAt, run.runId, operation = "restore" }));
        var backup = await client.PostAsync("/api/v1/runs", Json(run)); // newer than the job's (no) runs, so no lookup first

        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, backup.StatusCode);
        Assert.Contains("repeat", await backup.Content.ReadAsStringAsync());
        Assert.Equal(1, await QueryAsync(db => db.BackupRuns.CountAsync()));
    }

    [Fact]
    public async Task A_json_body_after_a_utf8_byte_order_mark_is_read_as_json()
    {
        var client = Api;
        client.DefaultRequestHeaders.Add("X-Api-Key", await CreateKeyAsync());
        // What Windows PowerShell 5's Out-File -Encoding utf8 writes.
        var body = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"server":"win-01","job":"robocopy","status":"success"}""")]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync("/api/v1/runs", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await JobAsync("win-01/robocopy"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_run_id_is_none_and_makes_no_later_run_a_repeat(string blank)
    {
        var client = Api;
        client.DefaultRequestHeaders.Add("X-Api-Key", await CreateKeyAsync());

        // A script's "runId":"$RUN_ID" with the variable unset; no endedAt either, so each is a run of its own.
        var first = await client.PostAsync("/api/v1/runs", Json(new { server = "db-01", job = "pg_dump", status = "success", runId = blank }));
        var second = await client.PostAsync("/api/v1/runs", Json(new { server = "db-01", job = "pg_dump", status = "failure", message = "disk full", runId = blank }));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.DoesNotContain("repeat", await second.Content.ReadAsStringAsync());
        Assert.Equal(2, await QueryAsync(db => db.BackupRuns.CountAsync()));
        Assert.Equal(RunStatus.Failure, (await JobAsync("db-01/pg_dump"))!.Status);
    }

    [Fact]
    public async Task The_generic_api_records_a_run_and_names_bad_fields()
    {
        var key = await CreateKeyAsync();
        var client = Api;
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var ok = await client.PostAsync("/api/v1/runs", Json(new { server = "db-01", job = "pg_dump", status = "failure", startedAt = "2026-11-22T01:00:00Z", endedAt = "2026-11-22T01:04:00Z", sizeBytes = 5_000_000, message = "exit 3" }));
        var again = await client.PostAsync("/api/v1/runs", Json(new { server = "db-01", job = "pg_dump", status = "failure", startedAt = "2026-11-22T01:00:00Z", endedAt = "2026-11-22T01:04:00Z" }));
        var missing = await client.PostAsync("/api/v1/runs", Json(new { job = "pg_dump", status = "success" }));
        var wrongStatus = await client.PostAsync("/api/v1/runs", Json(new { server = "db-01", job = "pg_dump", status = "meh" }));
        var wrongType = await client.PostAsync("/api/v1/runs", Json(new { server = "db-01", job = "pg_dump", status = "success", sizeBytes = "big" }));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("repeat", await again.Content.ReadAsStringAsync());
        var job = await JobAsync("db-01/pg_dump");
        Assert.Equal(RunStatus.Failure, job!.Status);
        Assert.Equal(TimeSpan.FromMinutes(4), job.LastDuration);
        Assert.Equal("exit 3", job.LastError);
        Assert.Equal("server", await FieldAsync(missing));
        Assert.Equal("status", await FieldAsync(wrongStatus));
        Assert.Equal("sizeBytes", await FieldAsync(wrongType));
    }

    [Fact]
    public async Task A_message_too_long_keeps_its_end_where_the_error_is_and_every_emoji_whole()
    {
        var key = await CreateKeyAsync();
        var client = Api;
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        // Emoji all along, so that the cut falls between the two UTF-16 halves of one: half of one is refused by PostgreSQL.
        var log = string.Concat(Enumerable.Repeat("copying 😀 x ", 1200)) + "\nERROR: disk full";

        var response = await client.PostAsync("/api/v1/runs", Json(new { server = "db-01", job = "pg_dump", status = "failure", message = log }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await QueryAsync(db => db.BackupRuns.SingleAsync())).Message!;
        Assert.True(stored.Length <= RunReport.MaxTextLength, $"{stored.Length}");
        Assert.StartsWith("[…]\n", stored); // the middle left out says so
        Assert.EndsWith("\nERROR: disk full", stored);
        Assert.Equal(stored, System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(stored))); // no half of an emoji
        Assert.EndsWith("ERROR: disk full", (await JobAsync("db-01/pg_dump"))!.LastError);
    }

    [Fact]
    public async Task The_runs_api_refuses_an_unknown_field_and_names_other_than_its_keys_and_stores_nothing()
    {
        var client = Api;
        client.DefaultRequestHeaders.Add("X-Api-Key", await CreateKeyAsync(server: "db-01", job: "pg_dump"));

        var typo = await client.PostAsync("/api/v1/runs", Json(new { status = "success", sizebytes = 5 }));
        var otherServer = await client.PostAsync("/api/v1/runs", Json(new { server = "db-02", status = "success" }));
        var otherJob = await client.PostAsync("/api/v1/runs", Json(new { server = "db-01", job = "mysqldump", status = "success" }));
        var twice = await client.PostAsync("/api/v1/runs", new StringContent("""{"server":"db-01","server":"db-02","status":"success"}""", Encoding.UTF8, "application/json"));
        var plainText = await client.PostAsync("/api/v1/runs", new StringContent("""{"status":"success"}""", Encoding.UTF8, "text/plain"));
        var unknownStatus = await client.PostAsync("/api/v1/runs", Json(new { status = "ok" }));
        var stored = await QueryAsync(db => db.BackupRuns.CountAsync());
        var sameInOtherCase = await client.PostAsync("/api/v1/runs", Json(new { server = "DB-01", job = "pg_dump", status = "success" }));
        var namedByTheKey = await client.PostAsync("/api/v1/runs", Json(new { status = "failed" }));

        Assert.Equal((HttpStatusCode.BadRequest, "sizebytes"), (typo.StatusCode, await FieldAsync(typo)));
        Assert.Equal((HttpStatusCode.Forbidden, "server"), (otherServer.StatusCode, await FieldAsync(otherServer)));
        Assert.Equal((HttpStatusCode.Forbidden, "job"), (otherJob.StatusCode, await FieldAsync(otherJob)));
        Assert.Contains("“db-01” only", await otherServer.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.BadRequest, "server"), (twice.StatusCode, await FieldAsync(twice))); // the last one used to win
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "Content-Type"), (plainText.StatusCode, await FieldAsync(plainText)));
        Assert.Contains("status 'ok' is not one of", await unknownStatus.Content.ReadAsStringAsync()); // not "status is required"
        Assert.Equal(0, stored);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (sameInOtherCase.StatusCode, namedByTheKey.StatusCode));
        Assert.Equal((2, RunStatus.Failure), await QueryAsync(async db => (await db.BackupRuns.CountAsync(), (await new JobQueries(db).FindAsync("db-01/pg_dump"))!.Status)));
    }

    [Fact]
    public async Task A_start_with_a_run_id_is_paired_with_that_runs_end_only()
    {
        var key = await CreateKeyAsync("web-01", "nightly");

        await Api.GetAsync($"/ping/{key}/start?rid=run-a");
        await Task.Delay(300);
        await Api.GetAsync($"/ping/{key}/start?rid=run-b");
        await Task.Delay(100);
        await Api.GetAsync($"/ping/{key}/0?rid=run-a");
        await Api.GetAsync($"/ping/{key}/0?rid=run-b");

        var runs = await QueryAsync(db => db.BackupRuns.ToDictionaryAsync(r => r.RunId, r => r.DurationMs));
        Assert.Null(runs["rid:run-a"]); // its start was overwritten by b's: no duration rather than b's
        Assert.True(runs["rid:run-b"] >= 100);
    }

    [Fact]
    public async Task A_servers_key_pings_the_job_named_after_it_as_healthchecks_slugs_do()
    {
        var serverKey = await CreateKeyAsync("db-01");
        var jobKey = await CreateKeyAsync("db-01", "mysql");
        var anyServer = await CreateKeyAsync();

        var start = await Api.GetAsync($"/ping/{serverKey}/pg-dump/start");
        await Task.Delay(50);
        var ended = await Api.PostAsync($"/ping/{serverKey}/pg-dump/0", new StringContent("dump ok"));
        var failed = await Api.GetAsync($"/ping/{serverKey}/rsync-www/fail");
        var succeeded = await Api.GetAsync($"/ping/{serverKey}/mysql");
        var exitCode = await Api.GetAsync($"/ping/{serverKey}/mysql/3");
        var noJob = await Api.GetAsync($"/ping/{serverKey}/fail");
        var jobKeyWithAJob = await Api.GetAsync($"/ping/{jobKey}/other");
        var jobKeyQuery = await Api.GetAsync($"/ping/{jobKey}?job=other"); // a query is no job name
        var anyServerWithAJob = await Api.GetAsync($"/ping/{anyServer}/pg-dump");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { start, ended, failed, succeeded, exitCode, jobKeyQuery }.Select(r => r.StatusCode));
        var dump = (await JobAsync("db-01/pg-dump"))!;
        Assert.Equal(RunStatus.Success, dump.Status);
        Assert.True(dump.LastDuration >= TimeSpan.FromMilliseconds(50)); // from its /start
        Assert.Equal(RunStatus.Failure, (await JobAsync("db-01/rsync-www"))!.Status);
        var mysql = (await JobAsync("db-01/mysql"))!;
        Assert.Equal((3, 1), (mysql.RunCount, mysql.FailureCount)); // the server key's two (exit code 3 a failure) and the job key's one
        Assert.Equal((HttpStatusCode.BadRequest, "job"), (noJob.StatusCode, JsonNode.Parse(await noJob.Content.ReadAsStringAsync())!["field"]!.GetValue<string>()));
        Assert.Contains("/ping/KEY/JOB", JsonNode.Parse(await noJob.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, jobKeyWithAJob.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "key"), (anyServerWithAJob.StatusCode, JsonNode.Parse(await anyServerWithAJob.Content.ReadAsStringAsync())!["field"]!.GetValue<string>()));
        Assert.Null(await JobAsync("db-01/other"));
    }

    [Fact]
    public async Task With_create_0_a_servers_key_pings_only_a_job_that_has_reported_so_that_a_typo_fails_curl()
    {
        var serverKey = await CreateKeyAsync("db-01");
        await Api.GetAsync($"/ping/{serverKey}/nightly-dump/0");

        var known = await Api.GetAsync($"/ping/{serverKey}/Nightly-Dump/0?create=0"); // a job's name in any case
        var typo = await Api.GetAsync($"/ping/{serverKey}/nightly-dmup/0?create=0");
        var typoStart = await Api.GetAsync($"/ping/{serverKey}/nightly-dmup/start?create=0");
        var withoutTheFlag = await Api.GetAsync($"/ping/{serverKey}/new-job/0");
        var inCapitals = await Api.GetAsync($"/ping/{serverKey}/nightly-dmup/0?create=FALSE");
        var notAFlag = await Api.GetAsync($"/ping/{serverKey}/nightly-dmup/0?create=no"); // meant as 0: must not start it

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var problem = JsonNode.Parse(await typo.Content.ReadAsStringAsync())!;
        Assert.Equal((HttpStatusCode.NotFound, "job"), (typo.StatusCode, problem["field"]!.GetValue<string>()));
        Assert.StartsWith("No job nightly-dmup on db-01 has reported yet", problem["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, typoStart.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, inCapitals.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "create"), (notAFlag.StatusCode, JsonNode.Parse(await notAFlag.Content.ReadAsStringAsync())!["field"]!.GetValue<string>()));
        Assert.Null(await JobAsync("db-01/nightly-dmup")); // nothing started
        Assert.Equal((2, HttpStatusCode.OK), ((await JobAsync("db-01/nightly-dump"))!.RunCount, withoutTheFlag.StatusCode)); // without it, a new name starts a job, as before
        Assert.NotNull(await JobAsync("db-01/new-job"));
    }

    [Fact]
    public async Task A_log_ping_puts_its_text_on_the_jobs_timeline_and_changes_nothing_else()
    {
        var key = await CreateKeyAsync("web-01", "nightly");
        var serverKey = await CreateKeyAsync("web-01");
        await Api.PostAsync($"/ping/{key}/fail", new StringContent("tar: cannot open /srv"));
        var before = (await JobAsync("web-01/nightly"))!;
        var noticesBefore = await QueryAsync(db => db.Outbox.CountAsync());

        var logged = await Api.PostAsync($"/ping/{key}/log", new StringContent("dump took 41 min, skipped /srv/tmp\n"));
        var empty = await Api.GetAsync($"/ping/{key}/log");
        var newJob = await Api.PostAsync($"/ping/{serverKey}/certbot/log", new StringContent("renewed 3 certificates"));
        var tooLong = await Api.PostAsync($"/ping/{key}/log", new StringContent(new string('x', 2_000_000)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { logged, empty, newJob }.Select(r => r.StatusCode));
        Assert.Equal("OK\n", await logged.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "application/problem+json"), (tooLong.StatusCode, tooLong.Content.Headers.ContentType?.MediaType));
        var after = (await JobAsync("web-01/nightly"))!;
        Assert.Equal((before.Status, before.RunCount, before.FailureCount, before.LastRunAt, before.FailingSince), (after.Status, after.RunCount, after.FailureCount, after.LastRunAt, after.FailingSince));
        Assert.Equal(noticesBefore, await QueryAsync(db => db.Outbox.CountAsync())); // nobody is told of a log
        var lines = await QueryAsync(db => db.JobEvents.Where(e => e.JobKey == "web-01/nightly" && e.Kind == "log").OrderBy(e => e.Id).Select(e => e.Text).ToListAsync());
        Assert.Equal(["dump took 41 min, skipped /srv/tmp", "(a log without text)"], lines);
        var certbot = (await JobAsync("web-01/certbot"))!; // set up by its first ping, as by a start
        Assert.Equal((0, "certbot"), (certbot.RunCount, certbot.JobName));
        Assert.Equal("renewed 3 certificates", await QueryAsync(db => db.JobEvents.Where(e => e.JobKey == "web-01/certbot").Select(e => e.Text).SingleAsync()));
    }

    [Fact]
    public async Task Pings_record_start_success_failure_and_exit_codes_with_the_body_as_log()
    {
        var key = await CreateKeyAsync("web-01", "nightly");

        var start = await Api.GetAsync($"/ping/{key}/start");
        await Task.Delay(50);
        var success = await Api.GetAsync($"/ping/{key}");
        var fail = await Api.PostAsync($"/ping/{key}/fail", new StringContent("tar: cannot open /srv"));
        var exit0 = await Api.PostAsync($"/ping/{key}/0", new StringContent("dump ok\n12 tables"));
        var exit2 = await Api.PostAsync($"/ping/{key}/2", new StringContent(new string('L', 50_000)));
        var badExit = await Api.GetAsync($"/ping/{key}/300");
        var hugeExit = await Api.GetAsync($"/ping/{key}/99999999999"); // past an int: its range said, not "no such route"

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal("OK\n", await success.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, fail.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exit0.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exit2.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badExit.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "exitCode"), (hugeExit.StatusCode, JsonNode.Parse(await hugeExit.Content.ReadAsStringAsync())!["field"]!.GetValue<string>()));
        var runs = await QueryAsync(db => db.BackupRuns.OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([RunStatus.Success, RunStatus.Failure, RunStatus.Success, RunStatus.Failure], runs.Select(r => r.Status));
        Assert.True(runs[0].DurationMs >= 50);
        Assert.Equal("tar: cannot open /srv", runs[1].Message);
        Assert.StartsWith("Exit code 2", runs[3].Message);
        Assert.True(runs[3].Message!.Length <= 10_100);
        Assert.Equal(RunStatus.Failure, (await JobAsync("web-01/nightly"))!.Status);
        // A good run's log is kept and read back (it was stored, and shown nowhere).
        var reader = App.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await NotifyOrleans.FunctionalTests.Api.ApiClient.CreateTokenAsync(App, NotifyOrleans.Infrastructure.Access.ApiAccess.ReadOnly));
        var listed = JsonNode.Parse(await reader.GetStringAsync("/api/v1/jobs/web-01/nightly/runs"))!.AsArray();
        foreach (var limit in new[] { "abc", "0", "501" })
        {
            var refused = await reader.GetAsync($"/api/v1/jobs/web-01/nightly/runs?limit={limit}");
            Assert.Equal((HttpStatusCode.BadRequest, "limit"), (refused.StatusCode, JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["field"]!.GetValue<string>()));
        }
        Assert.Equal(2, JsonNode.Parse(await reader.GetStringAsync("/api/v1/jobs/web-01/nightly/runs?limit=2"))!.AsArray().Count); // of the 4
        Assert.Equal("Exit code 0\ndump ok\n12 tables", listed.Single(r => r!["status"]!.GetValue<string>() == "success" && r["message"] is not null)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pings_body_is_read_past_the_log_kept_for_restics_summary_and_one_over_the_report_limit_is_cut_not_refused()
    {
        var key = await CreateKeyAsync("web-01", "restic");
        var unreadable = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"{{\"message_type\":\"error\",\"error\":{{}},\"during\":\"archival\",\"item\":\"/srv/file-{i:D5}\"}}\n"));
        const string summary = """{"message_type":"summary","files_new":1,"total_files_processed":7,"total_bytes_processed":4096,"total_duration":2.5,"snapshot_id":"0a1b2c3d"}""";

        var found = await Api.PostAsync($"/ping/{key}/3", new StringContent(unreadable + summary)); // about 180 KB of errors first
        var huge = await Api.PostAsync($"/ping/{key}/1", new StringContent(new string('L', 1_500_000) + "\nERROR: disk full"));
        // Over the 1 MB a report may have: 13,000 unreadable files, then the summary.
        var beyond = await Api.PostAsync($"/ping/{key}/3", new StringContent(unreadable + unreadable + unreadable + unreadable + unreadable + unreadable + unreadable
            + summary.Replace("0a1b2c3d", "9f8e7d6c") + "\nWarning: at least one source file could not be read"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (found.StatusCode, huge.StatusCode, beyond.StatusCode));
        var runs = await QueryAsync(db => db.BackupRuns.OrderBy(r => r.Id).ToListAsync());
        Assert.Equal((RunStatus.Warning, 4096L, 7L, "restic:0a1b2c3d"), (runs[0].Status, runs[0].SizeBytes!.Value, runs[0].FileCount!.Value, runs[0].RunId));
        Assert.True(runs[0].Message!.Length <= 10_000);
        // A log too long keeps its end, where the script said what went wrong, and says so.
        Assert.Equal(RunStatus.Failure, runs[1].Status);
        Assert.Equal($"Exit code 1\n{PingReports.BodyLeftOut}\nERROR: disk full", runs[1].Message);
        // Read from its end: the summary's figures and snapshot (it was a run without either, counted twice if sent again).
        Assert.Equal((RunStatus.Warning, 4096L, "restic:9f8e7d6c"), (runs[2].Status, runs[2].SizeBytes!.Value, runs[2].RunId));
        Assert.EndsWith("Warning: at least one source file could not be read", runs[2].Message);
        // Every unreadable file is counted, those of the megabytes not kept too; the log goes on from a line's start.
        Assert.Equal(14_000, runs[2].WarningCount);
        Assert.StartsWith($"Exit code 3: restic could not read some source files; the snapshot was made without them\n{PingReports.BodyLeftOut}\nCould not read /srv/file-", runs[2].Message);
    }

    [Fact]
    public async Task A_ping_with_a_servers_key_and_no_job_after_it_is_refused_naming_the_job()
    {
        var response = await Api.GetAsync($"/ping/{await CreateKeyAsync("web-01")}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("job", await FieldAsync(response));
    }

    [Fact]
    public async Task The_read_api_lists_jobs_and_a_server_key_sees_only_its_server()
    {
        var any = await CreateKeyAsync();
        var scoped = await CreateKeyAsync("backup-box");
        await UploadAsync(any, Fixtures.Duplicati("04-fail-missing-source"));
        await UploadAsync(scoped, Fixtures.Duplicati("01-success"));

        var all = JsonNode.Parse(await Api.GetStringAsync($"/api/v1/jobs?key={any}"))!;
        var mine = JsonNode.Parse(await Api.GetStringAsync($"/api/v1/jobs?key={scoped}"))!;
        var one = JsonNode.Parse(await Api.GetStringAsync($"/api/v1/jobs/vm/anchor-test?key={any}"))!;
        var hidden = await Api.GetAsync($"/api/v1/jobs/vm/anchor-test?key={scoped}");
        var anonymous = await Api.GetAsync("/api/v1/jobs");

        Assert.Equal(2, all["total"]!.GetValue<int>());
        Assert.Equal(1, all["counts"]!["failure"]!.GetValue<int>());
        Assert.Equal("backup-box/anchor-test", mine["jobs"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(1, mine["total"]!.GetValue<int>());
        Assert.Equal("failure", one["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task SetDefaultsAsync(params ChannelAssignment[] assignments)
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<JobDefaults>().SetAsync(assignments);
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static async Task<string?> FieldAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?["field"]?.GetValue<string>();
}

public sealed class IngestApiTestsOnSqlite() : IngestApiTests(DatabaseProvider.Sqlite);
public sealed class IngestApiTestsOnPostgres() : IngestApiTests(DatabaseProvider.Postgres);
