using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Console;

public abstract class JobPagesTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    private async Task ReportAsync(params string[] folders)
    {
        using var scope = App.Services.CreateScope();
        var (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("t", null, null, null);
        foreach (var folder in folders)
        {
            var response = await App.CreateClient().PostAsync($"/api/upload?key={key}",
                Fixtures.DuplicatiContent(folder));
            // The body names what went wrong: an intermittent 500 here was seen twice and not yet explained.
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{App.ProblemsText}");
        }
    }

    [Fact]
    public async Task The_dashboard_lists_jobs_with_status_counts_and_a_filter()
    {
        var admin = await SetUpAdminAsync();
        await ReportAsync("01-success");
        using (var scope = App.Services.CreateScope())
        {
            var (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("x", "db-01", null, null);
            await App.CreateClient().PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("04-fail-missing-source"));
        }

        var page = await admin.GetDocumentAsync("/");
        var failures = await admin.GetDocumentAsync("/?handler=List&status=Failure");

        var rows = page.QuerySelectorAll("#job-table tr[data-job]");
        Assert.Equal(["db-01/anchor-test", "vm/anchor-test"], rows.Select(r => r.GetAttribute("data-job"))); // failures first
        Assert.StartsWith("Overdue first, then failed", page.QuerySelector("#job-table caption")!.TextContent); // and the list says so
        Assert.Equal("1", page.QuerySelector("[data-count='Failure']")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("[data-count='Success']")!.TextContent.Trim());
        Assert.Equal("0", page.QuerySelector("[data-count='Overdue']")!.TextContent.Trim());
        Assert.Single(failures.QuerySelectorAll("tr[data-job]"));
        // A tile opens the list filtered by it.
        var failedTile = await admin.GetDocumentAsync(page.QuerySelector("[data-count='Failure']")!.Closest("a")!.GetAttribute("href")!);
        Assert.Equal(["db-01/anchor-test"], failedTile.QuerySelectorAll("#job-table tr[data-job]").Select(r => r.GetAttribute("data-job")));
        // It is marked as chosen, the counts stay those of every job, and it clears the filter again.
        var chosen = failedTile.QuerySelector("#status-counts a[aria-current]")!;
        Assert.Equal(("Failure", "1"), (chosen.QuerySelector("[data-count]")!.GetAttribute("data-count"), failedTile.QuerySelector("[data-count='Success']")!.TextContent.Trim()));
        Assert.Equal(2, (await admin.GetDocumentAsync(chosen.GetAttribute("href")!)).QuerySelectorAll("#job-table tr[data-job]").Length);
        // The reason, not Duplicati's exception type; the whole error is the title.
        var error = rows[0].QuerySelector("[data-error]")!;
        Assert.StartsWith("No valid source folders found", error.TextContent);
        Assert.StartsWith("Duplicati.Library.Interface.UserInformationException: No valid source folders found", error.GetAttribute("title"));
    }

    [Fact]
    public async Task The_dashboard_says_what_needs_attention_and_links_to_it_and_members_do_not_read_channel_names()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);
        await ReportAsync("01-success");
        var clear = await admin.GetDocumentAsync("/");
        var channel = await new DeliveryHarness(App).AddChannelAsync("Dead hook", new NotifyOrleans.Infrastructure.Channels.Webhook.WebhookSettings { Url = "http://127.0.0.1:9/hook" });
        await QueryAsync(db => db.Channels.Where(c => c.Id == channel).ExecuteUpdateAsync(c => c.SetProperty(x => x.ConsecutiveFailures, 3)));
        using (var scope = App.Services.CreateScope())
        {
            var (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("x", "db-01", null, null);
            await App.CreateClient().PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("04-fail-missing-source"));
        }

        var admins = await admin.GetDocumentAsync("/");
        var poll = await admin.GetDocumentAsync("/?handler=Attention"); // its own poll: the channels change without any job
        var members = await member.GetDocumentAsync("/");
        var failing = await admin.GetDocumentAsync(admins.QuerySelector("[data-attention='failing']")!.GetAttribute("href")!);
        var unacknowledged = await admin.GetDocumentAsync(admins.QuerySelector("[data-attention='unacknowledged'] a")!.GetAttribute("href")!);
        await admin.SubmitAsync("/Jobs/Details?id=db-01%2Fanchor-test", new Dictionary<string, string> { ["comment"] = "on it" }, "#acknowledge-form");
        var afterAcknowledge = await admin.GetDocumentAsync("/Jobs?monitoring=Unacknowledged");
        var failingAcknowledged = await admin.GetDocumentAsync("/Jobs?monitoring=Failing");

        Assert.Equal("All clear: no job is failing or overdue, and every channel answers.", clear.QuerySelector("#attention [data-clear]")!.TextContent);
        Assert.Equal("1 job failing", admins.QuerySelector("[data-attention='failing']")!.TextContent);
        Assert.Equal("1 not acknowledged", admins.QuerySelector("[data-attention='unacknowledged']")!.TextContent);
        Assert.Equal("channel Dead hook failing or not answering", admins.QuerySelector("[data-attention='channels']")!.TextContent);
        Assert.Equal("channel Dead hook failing or not answering", poll.QuerySelector("[data-attention='channels']")!.TextContent);
        Assert.Null(members.QuerySelector("[data-attention='channels']")); // Members cannot mend channels
        Assert.Equal("1 job failing", members.QuerySelector("[data-attention='failing']")!.TextContent);
        Assert.Equal(["db-01/anchor-test"], failing.QuerySelectorAll("#job-table tr[data-job]").Select(r => r.GetAttribute("data-job")));
        Assert.NotNull(failing.QuerySelector("#job-table tr[data-job] [data-unacknowledged]")); // which one still needs someone
        Assert.Equal(["db-01/anchor-test"], unacknowledged.QuerySelectorAll("#job-table tr[data-job]").Select(r => r.GetAttribute("data-job")));
        Assert.Empty(afterAcknowledge.QuerySelectorAll("#job-table tr[data-job]"));
        Assert.NotNull(failingAcknowledged.QuerySelector("#job-table tr[data-job] [data-acknowledged]"));
    }

    [Fact]
    public async Task A_failure_imported_as_history_is_named_beside_the_all_clear_as_the_failed_tile_counts_it()
    {
        var admin = await SetUpAdminAsync();
        string key;
        using (var scope = App.Services.CreateScope())
            (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("import", null, null, null);
        var api = App.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        var imported = await api.PostAsync("/api/v1/runs?history=true", JsonContent.Create(new { server = "db-prod-01", job = "databases", status = "failure", endedAt = "2026-11-01T02:00:00Z" }));

        var dashboard = await admin.GetDocumentAsync("/");
        var listed = await admin.GetDocumentAsync(dashboard.QuerySelector("[data-attention='failed-without-incident'] a")!.GetAttribute("href")!);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.NotNull(dashboard.QuerySelector("#attention [data-clear]")); // history opens no incident
        Assert.Equal("1 job whose last run failed without opening an incident: imported history, or fewer failures in a row than the job alerts from.",
            System.Text.RegularExpressions.Regex.Replace(dashboard.QuerySelector("[data-attention='failed-without-incident']")!.TextContent.Trim(), @"\s+", " "));
        Assert.Equal(["db-prod-01/databases"], listed.QuerySelectorAll("#job-table tr[data-job]").Select(r => r.GetAttribute("data-job")));
    }

    [Fact]
    public async Task A_job_failing_on_warnings_is_said_to_be_so_beside_the_failing_count()
    {
        var admin = await SetUpAdminAsync();
        string key;
        using (var scope = App.Services.CreateScope())
            (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("w", null, null, null);
        var api = App.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        await api.PostAsync("/api/v1/runs", JsonContent.Create(new { server = "web-01", job = "nightly", status = "warning" })); // warnings count as failures by default
        await api.PostAsync("/api/v1/runs", JsonContent.Create(new { server = "db-01", job = "dump", status = "failure" }));

        var dashboard = await admin.GetDocumentAsync("/");

        Assert.Equal("2 jobs failing", dashboard.QuerySelector("[data-attention='failing']")!.TextContent);
        Assert.Equal("(1 on warnings)", dashboard.QuerySelector("[data-attention='failing-on-warnings']")!.TextContent);
    }

    /// <summary>Jobs srv-000 … srv-(n-1), one run each through the generic API; the first <paramref name="failing"/> failed.</summary>
    private async Task ReportJobsAsync(int count, int failing, string job = "nightly")
    {
        string key;
        using (var scope = App.Services.CreateScope())
            (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("many", null, null, null);
        var api = App.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        for (var i = 0; i < count; i++)
        {
            var response = await api.PostAsync("/api/v1/runs", JsonContent.Create(new { server = $"srv-{i:000}", job, status = i < failing ? "failure" : "success" }));
            // The body names what went wrong: an intermittent 500 here was seen twice and not yet explained.
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{App.ProblemsText}");
        }
    }

    [Fact]
    public async Task The_list_comes_in_pages_of_fifty_failures_first_with_counts_of_what_the_filters_select()
    {
        var admin = await SetUpAdminAsync();
        await ReportJobsAsync(120, failing: 10);

        var first = await admin.GetDocumentAsync("/");
        var third = await admin.GetDocumentAsync("/Jobs?p=3");
        var found = await admin.GetDocumentAsync("/Jobs?search=SRV-11");
        var pastTheEnd = await admin.GetDocumentAsync("/Jobs?p=99"); // a link from before jobs were deleted

        var rows = first.QuerySelectorAll("#job-table tr[data-job]");
        Assert.Equal(50, rows.Length);
        Assert.All(rows.Take(10), r => Assert.Equal("Failure", r.GetAttribute("data-status")));
        Assert.Equal("srv-010/nightly", rows[10].GetAttribute("data-job")); // then by server
        Assert.Equal("10", first.QuerySelector("[data-count='Failure']")!.TextContent.Trim());
        Assert.Equal("110", first.QuerySelector("[data-count='Success']")!.TextContent.Trim());
        Assert.Contains("Jobs 1–50 of 120", first.QuerySelector("#job-pages")!.TextContent);
        Assert.Equal("/?status=&monitoring=&search=&p=2", first.QuerySelector("#job-pages a[rel=next]")!.GetAttribute("href"));
        Assert.Equal(20, third.QuerySelectorAll("#job-table tr[data-job]").Length);
        Assert.Null(third.QuerySelector("#job-pages a[rel=next]"));
        Assert.Equal(10, found.QuerySelectorAll("#job-table tr[data-job]").Length); // srv-110 … srv-119, in any case
        Assert.Null(found.QuerySelector("#job-pages"));
        // The counts are of the search's jobs (all of them successful), not of every job.
        Assert.Equal(("0", "10"), (found.QuerySelector("[data-count='Failure']")!.TextContent.Trim(), found.QuerySelector("[data-count='Success']")!.TextContent.Trim()));
        Assert.Equal(20, pastTheEnd.QuerySelectorAll("#job-table tr[data-job]").Length); // the last page
        Assert.Contains("Jobs 101–120 of 120", pastTheEnd.QuerySelector("#job-pages")!.TextContent);
    }

    [Fact]
    public async Task The_lists_poll_gets_204_until_a_job_changes_then_the_list_again()
    {
        var admin = await SetUpAdminAsync();
        await ReportJobsAsync(3, failing: 0);
        var poll = (await admin.GetDocumentAsync("/")).QuerySelector("#job-list")!.GetAttribute("hx-get")!;

        var quiet = await admin.Http.GetAsync(poll);
        await ReportJobsAsync(1, failing: 1); // srv-000 fails now
        var changed = await admin.Http.GetAsync(poll);

        Assert.Equal(HttpStatusCode.NoContent, quiet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var list = await FormClient.ParseAsync(changed);
        Assert.Equal("Failure", list.QuerySelector("tr[data-job='srv-000/nightly']")!.GetAttribute("data-status"));
        var next = list.QuerySelector("#job-list")!.GetAttribute("hx-get")!;
        Assert.NotEqual(poll, next);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.GetAsync(next)).StatusCode);
    }

    [Fact]
    public async Task The_filter_form_reloads_the_list_as_one_types_and_the_address_keeps_the_filter()
    {
        var admin = await SetUpAdminAsync();
        await ReportJobsAsync(3, failing: 1);
        var form = (await admin.GetDocumentAsync("/Jobs")).QuerySelector("#job-filter")!;
        using var request = new HttpRequestMessage(HttpMethod.Get, form.GetAttribute("hx-get") + "&search=srv-001&status=&monitoring=");
        request.Headers.Add("HX-Request", "true");

        var response = await admin.Http.SendAsync(request);
        var list = await FormClient.ParseAsync(response);

        Assert.Contains("input changed delay:400ms from:#search", form.GetAttribute("hx-trigger"));
        Assert.Equal("#job-list", form.GetAttribute("hx-target"));
        Assert.Equal(["srv-001/nightly"], list.QuerySelectorAll("tr[data-job]").Select(r => r.GetAttribute("data-job")));
        Assert.Equal("/Jobs?status=&monitoring=&search=srv-001&p=1", response.Headers.GetValues("HX-Replace-Url").Single());
    }

    [Fact]
    public async Task The_job_page_shows_history_and_chart_data()
    {
        var admin = await SetUpAdminAsync();
        await ReportAsync("01-success", "03-warning-broken-symlink"); // in the order they ran, 4 s apart
        using (var scope = App.Services.CreateScope())
        {
            var (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("restore", null, null, null);
            var restore = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}", JsonContent.Create(new { server = "vm", job = "anchor-test", status = "failure", operation = "restore", runId = "restore-1" }));
            Assert.True(restore.IsSuccessStatusCode, await restore.Content.ReadAsStringAsync());
        }

        var page = await admin.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");

        Assert.Equal(3, page.QuerySelectorAll("#history tr[data-run]").Length); // the restore is in the history
        Assert.Equal(("Warning", true), (page.QuerySelector("#job-status")!.TextContent.Trim(), page.QuerySelector("#job-status")!.ClassList.Contains("text-bg-warning"))); // not overdue: the result is the job's
        Assert.Contains("\"status\":\"warning\"", page.QuerySelector("#job-history-data")!.TextContent);
        Assert.DoesNotContain("\"status\":\"failure\"", page.QuerySelector("#job-history-data")!.TextContent); // but not the backups' charts
        Assert.NotNull(page.QuerySelector("#chart-duration"));
        // Two runs 4 s apart and no schedule: no next run is guessed from them.
        Assert.Equal("— (no schedule)", page.QuerySelector("#next-expected")!.TextContent);
        Assert.Equal("runs are kept 365 days", page.QuerySelector("#history-kept")!.TextContent); // Retention:RunHistory's default
        // A keyboard's way past the history to each section, before the history's own controls.
        var sections = page.QuerySelectorAll("#job-sections a").Select(a => (a.TextContent, Target: page.GetElementById(a.GetAttribute("href")!.TrimStart('#'))?.TagName)).ToList();
        Assert.Equal(["History", "Notes", "Notifications", "Subscribed", "Schedule and alerting", "Status badge", "Delete"], sections.Select(s => s.TextContent));
        Assert.All(sections, s => Assert.Equal("H2", s.Target));
        Assert.True(page.QuerySelector("#job-sections")!.CompareDocumentPosition(page.QuerySelector("#history")!).HasFlag(AngleSharp.Dom.DocumentPositions.Following));
    }

    [Fact]
    public async Task Each_person_reads_the_times_in_their_own_time_zone()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);
        await ReportAsync("01-success");
        var saved = await member.SubmitAsync("/Account/Notifications", new Dictionary<string, string>
        {
            ["Input.TimeZoneId"] = "Asia/Kolkata", ["Input.EmailOnOwnLogin"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var ended = await QueryAsync(db => db.BackupRuns.Select(r => r.EndedAt).SingleAsync());
        var inKolkata = ended.ToOffset(TimeSpan.FromHours(5.5)); // no daylight saving there

        var members = await member.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");
        var admins = await admin.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");
        var membersList = await member.GetDocumentAsync("/");

        Assert.Equal("Ended (Asia/Kolkata)", members.QuerySelector("#history th")!.TextContent);
        Assert.Equal(inKolkata.ToString("yyyy-MM-dd HH:mm:ss"), members.QuerySelector("#history tr[data-run] td")!.TextContent);
        Assert.Contains($"{inKolkata:yyyy-MM-dd HH:mm}", membersList.QuerySelector("tr[data-job='vm/anchor-test']")!.TextContent);
        Assert.Contains("Last run (Asia/Kolkata)", membersList.QuerySelector("#job-table th:nth-child(4)")!.TextContent); // the zone once, in the heading
        Assert.Contains($"\"endedAt\":\"{inKolkata:yyyy-MM-ddTHH:mm:ss}\"", members.QuerySelector("#job-history-data")!.TextContent);
        // The admin kept UTC: the same run, at the same instant, in their zone.
        Assert.Equal("Ended (UTC)", admins.QuerySelector("#history th")!.TextContent);
        Assert.Equal(ended.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), admins.QuerySelector("#history tr[data-run] td")!.TextContent);
    }

    [Fact]
    public async Task A_job_without_a_schedule_offers_one_in_the_zone_the_page_shows_its_times_in()
    {
        var admin = await SetUpAdminAsync();
        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string> { ["Input.TimeZoneId"] = "Asia/Kolkata", ["Input.EmailOnOwnLogin"] = "true" });
        await ReportAsync("01-success");

        var page = await admin.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");

        // Not the machine's zone (UTC in a container): "at 05:30" would have meant 11:00 on this page.
        Assert.Equal("Ended (Asia/Kolkata)", page.QuerySelector("#history th")!.TextContent);
        Assert.Equal("Asia/Kolkata", page.QuerySelector("#ScheduleForm_TimeZone option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_schedule_forms_zone_is_a_list_that_keeps_a_zone_set_through_the_api_which_the_list_lacks()
    {
        var admin = await SetUpAdminAsync();
        var api = new NotifyOrleans.FunctionalTests.Api.ApiClient(App.CreateClient(), await NotifyOrleans.FunctionalTests.Api.ApiClient.CreateTokenAsync(App, NotifyOrleans.Infrastructure.Access.ApiAccess.ReadWrite));
        const string Alias = "Etc/GMT+5"; // known to the system, but not among the zones pickers list
        Assert.DoesNotContain(Alias, NotifyOrleans.Domain.TimeZones.All);
        var (status, _, _) = await api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", $$"""{"schedule":{"cron":"30 5 * * *"},"timeZone":"{{Alias}}"}""");
        Assert.Equal(201, status);

        var page = await admin.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");
        var saved = await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string> { ["ScheduleForm.Grace"] = "2h" }, "#schedule-form");
        var (_, job, _) = await api.JsonAsync("GET", "/api/v1/jobs/vm/anchor-test");

        Assert.Equal("select", page.QuerySelector("[name='ScheduleForm.TimeZone']")!.LocalName);
        Assert.Equal(Alias, page.QuerySelector("#ScheduleForm_TimeZone option[selected]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal((Alias, "PT2H"), (job!["timeZone"]!.GetValue<string>(), job["grace"]!.GetValue<string>()));
        Assert.False(job["onlyFirstFailure"]!.GetValue<bool>());

        await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string> { ["ScheduleForm.OnlyFirstFailure"] = "true" }, "#schedule-form");
        var (_, ticked, _) = await api.JsonAsync("GET", "/api/v1/jobs/vm/anchor-test");
        var shown = await admin.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");

        Assert.True(ticked!["onlyFirstFailure"]!.GetValue<bool>());
        Assert.True(shown.QuerySelector("#ScheduleForm_OnlyFirstFailure")!.HasAttribute("checked"));
    }

    [Fact]
    public async Task A_number_past_any_sense_is_named_as_too_large_next_to_its_field_and_nothing_is_saved()
    {
        var admin = await SetUpAdminAsync();
        await ReportAsync("01-success");
        const string Page = "/Jobs/Details?id=vm%2Fanchor-test";
        string ErrorAt(AngleSharp.Dom.IDocument page, string field) => page.QuerySelector($"[data-field-error='{field}']")!.TextContent.Trim();

        var failures = await FormClient.ParseAsync(await admin.SubmitAsync(Page, new Dictionary<string, string> { ["ScheduleForm.FailuresBeforeAlert"] = "99999999999" }, "#schedule-form"));
        var grace = await FormClient.ParseAsync(await admin.SubmitAsync(Page, new Dictionary<string, string> { ["ScheduleForm.Grace"] = "99999999D" }, "#schedule-form"));
        var job = await QueryAsync(db => new NotifyOrleans.Infrastructure.Jobs.JobQueries(db).FindAsync("vm/anchor-test"));

        Assert.Equal("99999999999 is too large a number here.", ErrorAt(failures, "ScheduleForm.FailuresBeforeAlert"));
        Assert.Equal("Enter at most 3653D (ten years).", ErrorAt(grace, "ScheduleForm.Grace"));
        Assert.Equal(1, job!.Settings.FailuresBeforeAlert);
    }

    [Fact]
    public async Task An_admin_sets_a_jobs_channels_and_the_test_queues_a_sample_for_them()
    {
        var admin = await SetUpAdminAsync();
        await ReportAsync("01-success");
        var channel = await new DeliveryHarness(App).AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/h" });

        var save = await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string>
        {
            ["Assignments[0].ChannelId"] = channel.ToString(), ["Assignments[0].Condition"] = "OnFailure", ["Assignments[0].Enabled"] = "true",
            ["WarningsAreFailures"] = "false",
        }, "#assignments-form");
        var test = await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string>(), "form[action*='handler=Test']");

        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, test.StatusCode);
        var job = await QueryAsync(db => new JobQueries(db).FindAsync("vm/anchor-test"));
        Assert.Equal([new ChannelAssignment(channel, NotifyCondition.OnFailure)], job!.Assignments);
        Assert.False(job.WarningsAreFailures);
        var sample = await QueryAsync(db => db.Outbox.SingleAsync());
        Assert.Equal(channel, sample.ChannelId);
        var message = NotifyOrleans.Infrastructure.Delivery.NotificationOutbox.Read(sample);
        Assert.Contains("test notification", message.Body);
        Assert.StartsWith("[Test] ", message.Title); // never taken for a real failure
    }

    [Fact]
    public async Task A_condition_the_form_does_not_offer_is_refused_and_changes_nothing()
    {
        var admin = await SetUpAdminAsync();
        await ReportAsync("01-success");
        var channel = await new DeliveryHarness(App).AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/h" });
        await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string>
        {
            ["Assignments[0].ChannelId"] = channel.ToString(), ["Assignments[0].Condition"] = "Always", ["Assignments[0].Enabled"] = "true",
        }, "#assignments-form");

        var crafted = await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string>
        {
            ["Assignments[0].ChannelId"] = channel.ToString(), ["Assignments[0].Condition"] = "Bogus", ["Assignments[0].Enabled"] = "true",
        }, "#assignments-form");

        Assert.Equal(HttpStatusCode.BadRequest, crafted.StatusCode); // was saved as On failure
        var job = await QueryAsync(db => new JobQueries(db).FindAsync("vm/anchor-test"));
        Assert.Equal([new ChannelAssignment(channel, NotifyCondition.Always)], job!.Assignments);
    }

    [Fact]
    public async Task Disable_all_enable_all_and_reset_to_defaults_work_on_a_jobs_channels()
    {
        var admin = await SetUpAdminAsync();
        await ReportAsync("01-success");
        var channel = await new DeliveryHarness(App).AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/h" });
        await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string>
        {
            ["Assignments[0].ChannelId"] = channel.ToString(), ["Assignments[0].Condition"] = "Always", ["Assignments[0].Enabled"] = "true",
        }, "#assignments-form");

        async Task<(string Text, string? Warns)> ToastAsync()
        {
            var toast = (await admin.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test")).QuerySelector("#toasts .alert")!;
            return (toast.TextContent.Trim(), toast.GetAttribute("data-warns"));
        }

        await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string>(), "form[action*='handler=DisableAll']");
        var disabled = await QueryAsync(db => new JobQueries(db).FindAsync("vm/anchor-test"));
        var disabledToast = await ToastAsync();
        await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string>(), "form[action*='handler=EnableAll']");
        var enabled = await QueryAsync(db => new JobQueries(db).FindAsync("vm/anchor-test"));
        var enabledToast = await ToastAsync();
        await admin.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string>(), "form[action*='handler=Reset']");
        var reset = await QueryAsync(db => new JobQueries(db).FindAsync("vm/anchor-test"));

        // A change that leaves the job telling no channel is confirmed as a warning.
        Assert.Equal(("All notifications disabled. The job now tells no channel of its runs: add a channel to it, or switch one on.", "true"), disabledToast);
        Assert.Equal(("All notifications enabled.", "false"), enabledToast);
        Assert.StartsWith("Notifications reset to the defaults for new jobs. The job now tells no channel", (await ToastAsync()).Text);

        Assert.False(disabled!.Assignments.Single().Enabled);
        Assert.True(enabled!.Assignments.Single().Enabled);
        Assert.Empty(reset!.Assignments); // the defaults for new jobs are empty here
    }

    [Fact]
    public async Task A_schedule_whose_missed_runs_no_channel_hears_says_so_and_one_click_tells_the_jobs_channels()
    {
        var admin = await SetUpAdminAsync();
        await ReportAsync("01-success");
        const string Page = "/Jobs/Details?id=vm%2Fanchor-test";
        var channel = await new DeliveryHarness(App).AddChannelAsync("Ops mail", new WebhookSettings { Url = "http://127.0.0.1:9/h" });
        await admin.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Assignments[0].ChannelId"] = channel.ToString(), ["Assignments[0].Condition"] = "OnFailure", ["Assignments[0].Enabled"] = "true",
        }, "#assignments-form");
        var withoutSchedule = await admin.GetDocumentAsync(Page);

        await admin.SubmitAsync(Page, new Dictionary<string, string> { ["ScheduleForm.Kind"] = "interval", ["ScheduleForm.Every"] = "1D" }, "#schedule-form");
        var scheduled = await admin.GetDocumentAsync(Page);
        var told = await admin.SubmitAsync(Page, new Dictionary<string, string>(), "form[action*='handler=TellMissedRuns']");
        var after = await admin.GetDocumentAsync(Page);

        Assert.Null(withoutSchedule.QuerySelector("#missed-runs-unheard")); // a job without a schedule misses nothing
        Assert.StartsWith("No channel is told when this job misses a run: Ops mail hears of its runs, not of missed ones", scheduled.QuerySelector("#missed-runs-unheard")!.TextContent.Trim());
        Assert.Equal("Also tell Ops mail of missed runs", scheduled.QuerySelector("#tell-missed-runs")!.TextContent.Trim());
        Assert.EndsWith("#job-schedule", told.Headers.Location!.OriginalString);
        var job = await QueryAsync(db => new JobQueries(db).FindAsync("vm/anchor-test"));
        Assert.Equal([new ChannelAssignment(channel, NotifyCondition.OnFailure), new ChannelAssignment(channel, NotifyCondition.OnOverdue)], job!.Assignments);
        Assert.Null(after.QuerySelector("#missed-runs-unheard"));

        // Its only missed-runs row switched off: the warning names it, the likelier mend.
        var pager = await new DeliveryHarness(App).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/p" });
        await admin.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Assignments[0].ChannelId"] = channel.ToString(), ["Assignments[0].Condition"] = "OnFailure", ["Assignments[0].Enabled"] = "true",
            ["Assignments[1].ChannelId"] = pager.ToString(), ["Assignments[1].Condition"] = "OnOverdue", ["Assignments[1].Enabled"] = "false",
        }, "#assignments-form");
        var switchedOff = await admin.GetDocumentAsync(Page);
        Assert.Equal("Pager would tell of missed runs, but is switched off for this job (Notifications above).", switchedOff.QuerySelector("[data-switched-off]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_admin_writes_a_jobs_notes_which_head_its_page_for_everyone_and_too_long_ones_are_refused_at_the_field()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await ReportAsync("01-success");
        const string Page = "/Jobs/Details?id=vm%2Fanchor-test";
        const string notes = "The NAS sleeps on Sundays.\nOtherwise call Sam: <b>555-0100</b>";

        var saved = await admin.SubmitAsync(Page, new Dictionary<string, string> { ["Notes"] = notes }, "#notes-form");
        var tooLong = await FormClient.ParseAsync(await admin.SubmitAsync(Page, new Dictionary<string, string> { ["Notes"] = new string('x', 1001) }, "#notes-form"));
        var asMember = await (await LoginAsync(MemberEmail, MemberPassword)).GetDocumentAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith("#job-notes", saved.Headers.Location!.OriginalString);
        Assert.StartsWith("Notes are at most 1000 characters (1001 given)", tooLong.QuerySelector("[data-field-error='Notes']")!.TextContent.Trim());
        Assert.Equal(notes, (await QueryAsync(db => new NotifyOrleans.Infrastructure.Jobs.JobQueries(db).FindAsync("vm/anchor-test")))!.Settings.Notes); // the refused one changed nothing
        Assert.Equal("Notes: " + notes, asMember.QuerySelector("#job-notes-shown")!.TextContent.Trim()); // as text: the markup is not markup
        Assert.Null(asMember.QuerySelector("#job-notes-shown b"));
        Assert.Null(asMember.QuerySelector("#notes-form")); // admins write them
    }

    [Fact]
    public async Task A_failing_jobs_page_opens_with_its_incident_and_acknowledge_and_a_job_without_sizes_has_no_size_chart()
    {
        var admin = await SetUpAdminAsync();
        await ReportAsync("04-fail-missing-source");
        using (var scope = App.Services.CreateScope())
        {
            var (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("ping", "db-01", "pg-dump", null);
            await App.CreateClient().GetAsync($"/ping/{key}");
        }

        var failing = await admin.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");
        var pinged = await admin.GetDocumentAsync("/Jobs/Details?id=db-01%2Fpg-dump");

        var incident = failing.QuerySelector("#job-incident")!;
        Assert.NotNull(incident.QuerySelector("#acknowledge-form")); // where a notice's reader lands, not three screens down
        var html = failing.DocumentElement.OuterHtml;
        Assert.True(html.IndexOf("id=\"job-incident\"", StringComparison.Ordinal) < html.IndexOf("id=\"last-run\"", StringComparison.Ordinal), "the incident comes first");
        Assert.Null(pinged.QuerySelector("#chart-size")); // a ping reports no size: no empty chart (ConsoleJourneyTests draws one with sizes)
        Assert.NotNull(pinged.QuerySelector("#chart-duration"));
    }

    [Fact]
    public async Task A_member_sees_a_job_but_cannot_change_its_notifications()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await ReportAsync("01-success");
        var member = await LoginAsync(MemberEmail, MemberPassword);

        var page = await member.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");
        var token = page.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var post = await member.Http.PostAsync("/Jobs/Details?id=vm%2Fanchor-test&handler=DisableAll",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Null(page.QuerySelector("form[action*='handler=Test']"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(["History", "Notifications", "Subscribed", "Schedule and alerting", "Status badge"], page.QuerySelectorAll("#job-sections a").Select(a => a.TextContent)); // no Notes or Delete to go to
    }

    [Fact]
    public async Task A_member_acknowledges_a_failing_job_on_its_page_but_only_an_admin_pauses_it()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await ReportAsync("04-fail-missing-source");
        var member = await LoginAsync(MemberEmail, MemberPassword);

        var page = await member.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");
        var token = page.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var pause = await member.Http.PostAsync("/Jobs/Details?id=vm%2Fanchor-test&handler=Pause",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["pauseFor"] = "1h" }));
        var acknowledged = await member.SubmitAsync("/Jobs/Details?id=vm%2Fanchor-test", new Dictionary<string, string> { ["comment"] = "on it" }, "#acknowledge-form");
        var after = await member.GetDocumentAsync("/Jobs/Details?id=vm%2Fanchor-test");

        Assert.NotNull(page.QuerySelector("#acknowledge-form"));
        Assert.Null(page.QuerySelector("#pause-form"));
        Assert.Contains("An admin can pause", page.QuerySelector("#pause-admins")!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, pause.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        Assert.Contains("Acknowledged by Max Member", after.QuerySelector("#acknowledged")!.TextContent);
        Assert.Contains("on it", after.QuerySelector("#acknowledged")!.TextContent);
    }

    [Fact]
    public async Task A_job_link_cut_off_before_the_job_is_a_404()
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.Http.GetAsync("/Jobs/Details?id=");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_a_key_sees_it_once_with_the_duplicati_options_and_revokes_it()
    {
        var admin = await SetUpAdminAsync();

        var created = await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["Input.Name"] = "nas-01", ["Input.Server"] = "nas-01" }, "#key-form");
        var page = await FormClient.ParseAsync(created);
        var key = page.QuerySelector("#new-key-value")!.TextContent.Trim();
        var sameName = await FormClient.ParseAsync(await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["Input.Name"] = "NAS-01", ["Input.Server"] = "nas-01" }, "#key-form"));
        var again = await admin.GetStringAsync("/Servers");
        var keyId = await QueryAsync(db => db.IngestKeys.Select(k => k.Id).SingleAsync());
        var upload = await App.CreateClient().PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("01-success"));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/Servers?handler=Revoke&id={keyId}");
        request.Headers.Add("RequestVerificationToken", await admin.AntiforgeryTokenAsync("/Servers"));
        request.Headers.Add("HX-Request", "true");
        var revoke = await admin.Http.SendAsync(request);
        var refused = await App.CreateClient().PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("03-warning-broken-symlink"));

        Assert.StartsWith("nok_", key);
        Assert.Null(sameName.QuerySelector("#new-key-value")); // one key per name: a second is refused beside the field
        Assert.Contains("The key 'nas-01' exists already", sameName.QuerySelector("#key-form")!.TextContent);
        Assert.Contains($"--send-http-url=http://localhost/api/upload?key={key}", page.QuerySelector("#duplicati-options")!.TextContent);
        Assert.Contains("--send-http-result-output-format=Json", page.QuerySelector("#duplicati-options")!.TextContent);
        Assert.DoesNotContain(key, again);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain(key, await QueryAsync(db => db.IngestKeys.Select(k => k.KeyHash + k.Prefix).SingleAsync()));
    }

    [Fact]
    public async Task A_key_for_one_job_shows_the_ping_script_and_the_docs_restic_and_borg_lines_with_its_key()
    {
        var admin = await SetUpAdminAsync();

        var created = await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["Input.Name"] = "nightly", ["Input.Server"] = "nas-01", ["Input.Job"] = "restic" }, "#key-form");

        var page = await FormClient.ParseAsync(created);
        var key = page.QuerySelector("#new-key-value")!.TextContent.Trim();
        Assert.Contains($"http://localhost/ping/{key}/start", page.QuerySelector("#ping-example")!.TextContent);
        var shown = page.QuerySelector("#tool-examples")!.TextContent.Split('\n');
        var documented = Operations.DocumentedCommands.All().Where(Operations.DocumentedCommands.IsBackupToolLine)
            .Select(line => line.Replace("https://hub.example", "http://localhost").Replace("nok_…", key)).ToList();
        Assert.Equal(2, documented.Count);
        Assert.Equal(documented, shown); // the page and docs/ingest.md say the same
    }

    [Fact]
    public async Task A_disabled_channel_is_marked_where_a_job_or_the_defaults_offer_it()
    {
        var admin = await SetUpAdminAsync();
        var api = new Api.ApiClient(App.CreateClient(), await Api.ApiClient.CreateTokenAsync(App, NotifyOrleans.Infrastructure.Access.ApiAccess.ReadWrite));
        foreach (var (name, enabled) in new[] { ("Ops", "true"), ("Old mail relay", "false") })
            Assert.True((await api.SendAsync("POST", "/api/v1/channels",
                $$$"""{"name":"{{{name}}}","kind":"discord","enabled":{{{enabled}}},"settings":{"webhookUrl":"https://discord.com/api/webhooks/1/abc"}}""")).IsSuccessStatusCode);
        Assert.True((await api.SendAsync("PATCH", "/api/v1/jobs/nas-01/photos", """{"failuresBeforeAlert":1}""")).IsSuccessStatusCode);

        var job = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fphotos");
        var defaults = await admin.GetDocumentAsync("/Notifications");

        Assert.Equal(["+ add a channel…", "Old mail relay (disabled)", "Ops"], job.QuerySelectorAll("#assignments select[name$='ChannelId'] option").Select(o => o.TextContent.Trim()));
        Assert.Equal(["Old mail relay (disabled)", "Ops"], defaults.QuerySelectorAll("label[for^='summary-channel-']").Select(l => l.TextContent.Trim()));
        // Where "On failure" is chosen, that it takes warnings too (the default), as a job's box says.
        Assert.Contains("“On failure” is runs that failed, and runs with warnings (the box below)", job.QuerySelector("#conditions-help")!.TextContent);
        Assert.Contains("“On failure” is runs that failed, and runs with warnings unless a job’s page separates them", defaults.QuerySelector("#conditions-help")!.TextContent);
    }

    [Fact]
    public async Task A_key_for_a_server_shows_pings_that_name_the_job_and_they_work()
    {
        var admin = await SetUpAdminAsync();

        var created = await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["Input.Name"] = "db-01", ["Input.Server"] = "db-01" }, "#key-form");

        var page = await FormClient.ParseAsync(created);
        var key = page.QuerySelector("#new-key-value")!.TextContent.Trim();
        var lines = page.QuerySelector("#ping-example")!.TextContent.Split('\n');
        Assert.Equal($"curl -fsS -m 10 --retry 8 --retry-connrefused http://localhost/ping/{key}/nightly/start", lines[0]);
        var end = lines[1][(lines[1].IndexOf("http://localhost", StringComparison.Ordinal) + "http://localhost".Length)..].Replace("$?", "0");
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().GetAsync($"/ping/{key}/nightly/start")).StatusCode);
        var running = await admin.GetDocumentAsync("/Jobs");
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().GetAsync(end)).StatusCode);
        var done = await admin.GetDocumentAsync("/Jobs");

        Assert.Equal("Running", running.QuerySelector("tr[data-job='db-01/nightly'] [data-result]")!.TextContent.Trim()); // its first run, under way
        Assert.Equal("Success", done.QuerySelector("tr[data-job='db-01/nightly'] [data-result]")!.TextContent.Trim());
        Assert.Equal(RunStatus.Success, (await QueryAsync(db => new JobQueries(db).FindAsync("db-01/nightly")))!.Status);
    }

    [Fact]
    public async Task The_servers_list_counts_jobs_set_up_ahead_without_calling_the_others_unknown()
    {
        var admin = await SetUpAdminAsync();
        var api = new Api.ApiClient(App.CreateClient(), await Api.ApiClient.CreateTokenAsync(App, NotifyOrleans.Infrastructure.Access.ApiAccess.ReadWrite));
        foreach (var job in new[] { "nas-01/photos", "db-01/pg-dump" })
            Assert.True((await api.SendAsync("PATCH", $"/api/v1/jobs/{job}", """{"failuresBeforeAlert":2}""")).IsSuccessStatusCode);
        await App.CreateClient().PostAsync($"/api/v1/runs?key={await Api.ApiClient.CreateIngestKeyAsync(App)}",
            new StringContent("""{"server":"nas-01","job":"documents","status":"success"}""", System.Text.Encoding.UTF8, "application/json"));

        var page = await admin.GetDocumentAsync("/Servers");

        var nas = page.QuerySelector("#server-table tr[data-server='nas-01']")!.TextContent;
        var db = page.QuerySelector("#server-table tr[data-server='db-01']")!.TextContent;
        Assert.Contains("Success", nas); // its second job has not reported: no reason to call the first's success unknown
        Assert.DoesNotContain("Unknown", nas);
        Assert.Contains("No report yet", db);
        Assert.Contains("none yet", db);
    }

    [Fact]
    public async Task An_admin_sets_up_a_job_ahead_of_its_first_report_and_lands_on_its_page()
    {
        var admin = await SetUpAdminAsync();
        var channel = await new DeliveryHarness(App).AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/hook" });
        using (var scope = App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<JobDefaults>().SetAsync([new ChannelAssignment(channel, NotifyCondition.OnFailure)]);

        var created = await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["NewServer"] = "db-01", ["NewJob"] = "pg-dump" }, "#job-form");
        var again = await FormClient.ParseAsync(await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["NewServer"] = "DB-01", ["NewJob"] = "PG-dump" }, "#job-form"));
        var badServer = await FormClient.ParseAsync(await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["NewServer"] = "a/b", ["NewJob"] = "x" }, "#job-form"));
        var bothBad = await FormClient.ParseAsync(await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["NewServer"] = "a/b", ["NewJob"] = "" }, "#job-form"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/Jobs/Details?id=db-01%2Fpg-dump#job-schedule", created.Headers.Location!.OriginalString);
        var job = (await QueryAsync(db => new JobQueries(db).FindAsync("db-01/pg-dump")))!;
        Assert.Equal((RunStatus.Unknown, 0), (job.Status, job.RunCount));
        Assert.Equal(channel, Assert.Single(job.Settings.Assignments).ChannelId); // the defaults for new jobs
        Assert.Contains("db-01/pg-dump exists already", again.QuerySelector("[data-field-error='NewJob']")!.TextContent);
        Assert.Contains("cannot contain '/'", badServer.QuerySelector("[data-field-error='NewServer']")!.TextContent);
        Assert.Equal("", badServer.QuerySelector("[data-field-error='Input.Name']")!.TextContent); // the key form is not this form
        // Both names wrong: both said in one round.
        Assert.Equal(("A server name cannot contain '/'.", "The job name is empty."),
            (bothBad.QuerySelector("[data-field-error='NewServer']")!.TextContent.Trim(), bothBad.QuerySelector("[data-field-error='NewJob']")!.TextContent.Trim()));
        Assert.Equal(1, await QueryAsync(db => db.BackupJobs.CountAsync()));
    }

    [Theory]
    [InlineData(true, "Overdue: a run has not finished")] // started, past its maximum duration; the next slot is ahead
    [InlineData(false, "Overdue")] // a missed slot
    public async Task The_job_pages_overdue_badge_says_when_a_run_has_not_finished(bool running, string badge)
    {
        var admin = await SetUpAdminAsync();
        await App.CreateClient().GetAsync($"/ping/{await Api.ApiClient.CreatePingKeyAsync(App, "db-01", "hang")}");
        var now = DateTimeOffset.UtcNow;
        await QueryAsync(db => db.BackupJobs.ExecuteUpdateAsync(j => j
            .SetProperty(s => s.OverdueSince, now.AddMinutes(-1))
            .SetProperty(s => s.ExpectedAt, running ? now.AddHours(5) : now.AddMinutes(-2))
            .SetProperty(s => s.RunStartedAt, running ? now.AddMinutes(-30) : null)));

        var page = await admin.GetDocumentAsync("/Jobs/Details?id=db-01%2Fhang");
        var list = await admin.GetDocumentAsync("/Jobs");

        Assert.Equal(badge, page.QuerySelector("#job-overdue")!.TextContent.Trim());
        // The ping's success is the last run's, muted beside Overdue: not a green "Success" verdict on the job.
        var result = page.QuerySelector("#job-status")!;
        Assert.Equal(("Last run: success", false), (result.TextContent.Trim(), result.ClassList.Contains("text-bg-success")));
        Assert.Equal("Last run: success", list.QuerySelector("tr[data-job='db-01/hang'] [data-result]")!.TextContent.Trim());
        // The Overdue tile counts it beside its last result's, and opens the overdue jobs.
        Assert.Equal(("1", "1"), (list.QuerySelector("[data-count='Overdue']")!.TextContent.Trim(), list.QuerySelector("[data-count='Success']")!.TextContent.Trim()));
        var overdue = await admin.GetDocumentAsync(list.QuerySelector("[data-count='Overdue']")!.Closest("a")!.GetAttribute("href")!);
        Assert.Equal(["db-01/hang"], overdue.QuerySelectorAll("#job-table tr[data-job]").Select(r => r.GetAttribute("data-job")));
        Assert.Equal("Overdue", overdue.QuerySelector("#monitoring option[selected]")!.TextContent);
    }

    [Fact]
    public async Task A_history_longer_than_the_page_says_which_runs_it_shows_and_pages_on_to_the_older_ones()
    {
        var admin = await SetUpAdminAsync();
        var key = await Api.ApiClient.CreateIngestKeyAsync(App);
        var client = App.CreateClient();
        var ended = DateTimeOffset.UtcNow.AddDays(-2);
        for (var i = 0; i < 101; i++)
        {
            var response = await client.PostAsync($"/api/v1/runs?key={key}", JsonContent.Create(new { server = "fs-01", job = "shares", status = "success", endedAt = ended.AddMinutes(i), runId = $"r{i}" }));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var page = await admin.GetDocumentAsync("/Jobs/Details?id=fs-01%2Fshares");
        var older = await admin.GetDocumentAsync(page.QuerySelector("#history-older")!.GetAttribute("href")!);
        var gone = await admin.GetDocumentAsync("/Jobs/Details?id=fs-01%2Fshares&before=pruned-long-ago");

        Assert.Equal(100, page.QuerySelectorAll("#history tr[data-run]").Length);
        Assert.Equal("r100", page.QuerySelector("#history tr[data-run]")!.GetAttribute("data-run"));
        Assert.StartsWith("The newest 100 of 101 runs kept.", page.QuerySelector("#history-more")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("#history-newest"));
        Assert.Equal(["r0"], older.QuerySelectorAll("#history tr[data-run]").Select(row => row.GetAttribute("data-run")));
        Assert.StartsWith("Run 101 of 101 runs kept.", older.QuerySelector("#history-more")!.TextContent.Trim());
        Assert.Null(older.QuerySelector("#history-older"));
        Assert.Equal("/Jobs/Details?id=fs-01%2Fshares#history", older.QuerySelector("#history-newest")!.GetAttribute("href"));
        // The charts draw the runs listed: an older page's say which, the newest's need not.
        Assert.Equal(("Duration", "Duration · run 101"), (page.QuerySelector("#chart-duration")!.Closest(".card")!.TextContent.Trim(), older.QuerySelector("#chart-duration")!.Closest(".card")!.TextContent.Trim()));
        Assert.NotNull(gone.QuerySelector("#history-gone"));
        Assert.Equal(100, gone.QuerySelectorAll("#history tr[data-run]").Length);
    }

    [Fact]
    public async Task A_scheduled_job_whose_run_started_says_by_when_it_must_finish()
    {
        var admin = await SetUpAdminAsync();
        var key = await Api.ApiClient.CreatePingKeyAsync(App, "db-01", "dump");
        await App.CreateClient().GetAsync($"/ping/{key}");
        await admin.SubmitAsync("/Jobs/Details?id=db-01%2Fdump", new Dictionary<string, string> { ["ScheduleForm.Kind"] = "interval", ["ScheduleForm.Every"] = "1D", ["ScheduleForm.Grace"] = "2h" }, "#schedule-form");
        var started = DateTimeOffset.UtcNow;
        await App.CreateClient().GetAsync($"/ping/{key}/start");

        var page = await admin.GetDocumentAsync("/Jobs/Details?id=db-01%2Fdump");
        var job = (await QueryAsync(db => new JobQueries(db).FindAsync("db-01/dump")))!;

        // A run that hangs after its start is missed two hours (the grace) after a run as long as the last one, not never.
        Assert.InRange(job.OverdueAt!.Value, started.AddHours(2).AddSeconds(-5), started.AddHours(2).AddSeconds(5));
        Assert.StartsWith("Running since", page.QuerySelector("#monitoring-state")!.TextContent.Trim());
        Assert.Contains("overdue if it has not finished by", page.QuerySelector("#monitoring-state")!.TextContent);
    }

    [Fact]
    public async Task A_key_form_with_a_job_but_no_server_is_refused_next_to_the_field()
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["Input.Name"] = "x", ["Input.Job"] = "nightly" }, "#key-form");

        var page = await FormClient.ParseAsync(response);
        Assert.Contains("names its server", page.QuerySelector("[data-field-error='Input.Server']")!.TextContent);
        Assert.Equal(0, await QueryAsync(db => db.IngestKeys.CountAsync()));
    }

    [Fact]
    public async Task A_key_for_a_server_name_no_report_may_carry_is_refused_next_to_the_field()
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.SubmitAsync("/Servers", new Dictionary<string, string> { ["Input.Name"] = "x", ["Input.Server"] = "a/b" }, "#key-form");

        var page = await FormClient.ParseAsync(response);
        Assert.Equal("A server name cannot contain '/'.", page.QuerySelector("[data-field-error='Input.Server']")!.TextContent.Trim());
        Assert.Equal(0, await QueryAsync(db => db.IngestKeys.CountAsync()));
    }
}

public sealed class JobPagesTestsOnSqlite() : JobPagesTests(DatabaseProvider.Sqlite);
public sealed class JobPagesTestsOnPostgres() : JobPagesTests(DatabaseProvider.Postgres);
