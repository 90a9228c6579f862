using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

namespace NotifyOrleans.FunctionalTests.Subscriptions;

/// <summary>
/// Summary reports by real mail: "Send now" from My notifications, and a scheduled summary sent
/// once per period however many times it is asked for (its reminder on one node, another node's, a retry).
/// </summary>
public abstract class SummaryTests(DatabaseProvider provider) : ConsoleTestBase(provider), IAsyncLifetime
{
    private SmtpServer _smtp = null!;
    private string _ingestKey = "";

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync("plain", auth: false);
        await new DeliveryHarness(App).AddMailChannelAsync(_smtp);
        _ingestKey = await ApiClient.CreateIngestKeyAsync(App);
    }

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private async Task ReportAsync(string server, string job, string status, long size)
    {
        var response = await App.CreateClient().PostAsync($"/api/v1/runs?key={_ingestKey}",
            new StringContent($$"""{"server":"{{server}}","job":"{{job}}","status":"{{status}}","sizeBytes":{{size}}}""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An Email channel to a port nobody listens on, whose name sorts before the working one's.</summary>
    private static Task<Guid> AddDeadMailServerAsync(DeliveryHarness harness) => harness.AddChannelAsync("A dead mail server", new EmailSettings
    {
        Host = "localhost", Port = Repository.ListenPort(), Security = SmtpSecurity.None, From = "hub@example.test", To = "ops@example.test",
    });

    private async Task<(FormClient Admin, IUserGrain Grain)> AdminSubscribedToNas01Async(string frequency, string timeZone = "UTC")
    {
        var admin = await SetUpAdminAsync();
        var saved = await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string>
        {
            ["Input.TimeZoneId"] = timeZone, ["Input.SummaryFrequency"] = frequency, ["Input.SummaryAt"] = "00:00",
        }, "#preferences-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = await QueryAsync(db => db.Users.Select(u => u.Id).SingleAsync());
        var grain = App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(id);
        await grain.SetSubscriptionsAsync([new Subscription(SubscriptionScope.Server, "nas-01", Outcomes.Failure)]);
        return (admin, grain);
    }

    [Fact]
    public async Task A_summary_saved_without_a_subscription_is_warned_of_as_it_would_always_be_empty()
    {
        var (admin, _) = await AdminSubscribedToNas01Async("Weekly"); // saved, then subscribed
        var beforeSubscribing = (await admin.GetDocumentAsync("/Account/Notifications")).QuerySelector("#toasts .alert")!;
        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string>
        {
            ["Input.TimeZoneId"] = "UTC", ["Input.SummaryFrequency"] = "Weekly", ["Input.SummaryAt"] = "08:00",
        }, "#preferences-form");
        var subscribed = (await admin.GetDocumentAsync("/Account/Notifications")).QuerySelector("#toasts .alert")!;

        Assert.Contains("The summary reports on the jobs of your subscriptions, and there are none yet", beforeSubscribing.TextContent);
        Assert.Contains("alert-warning", beforeSubscribing.ClassName);
        Assert.Equal("Your notification preferences were saved.", subscribed.TextContent.Trim());
    }

    [Fact]
    public async Task Send_now_emails_what_ran_what_failed_and_the_size_trend_of_the_subscribed_jobs()
    {
        var (admin, _) = await AdminSubscribedToNas01Async("Off", "Europe/Berlin");
        await ReportAsync("nas-01", "documents", "success", 1_073_741_824);
        await ReportAsync("nas-01", "documents", "success", 1_181_116_006);
        await ReportAsync("nas-01", "documents", "failure", 0); // what a failed run got to: not the backup's size
        await ReportAsync("nas-01", "photos", "failure", 0);
        await ReportAsync("nas-02", "other", "failure", 0); // not subscribed: not in the summary
        await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IBackupJobGrain>("nas-01/photos").PauseAsync("ops@example.com", until: null);
        await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IBackupJobGrain>("nas-01/documents").AcknowledgeAsync(AdminEmail, "on it");

        var response = await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string>(), "form[action*='SendSummary']");
        await new DeliveryHarness(App).DispatchOnceAsync();
        var mail = Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(AdminEmail) && m.Subject.StartsWith("Backup summary")); // besides the failure itself

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("2 jobs, 4 runs: 2 succeeded, 0 with warnings, 2 failed; 2 failing and 0 overdue now.", mail.Text);
        Assert.Matches(@"Failing now:\n- nas-01/documents: since [0-9-]+ [0-9:]+, 1 failed run in a row, acknowledged by Ada Admin\n- nas-01/photos: since [0-9-]+ [0-9:]+, 1 failed run in a row\n", mail.Text!.ReplaceLineEndings("\n"));
        Assert.EndsWith("(Europe/Berlin)", mail.Subject); // the reader's time, as in the text, not UTC
        // Named after the period it covers (a daily summary's day to now, for Send now), not the moment it was sent.
        Assert.Matches(@"^Backup summary, \d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d \(Europe/Berlin\)$", mail.Subject);
        Assert.Contains("nas-01/photos: 1 of 1 run", mail.Text);
        Assert.DoesNotContain("1 of 1 runs", mail.Text);
        Assert.Contains("nas-01/documents: size 1 GB → 1.1 GB (+10 %)", mail.Text);
        Assert.DoesNotContain("nas-02", mail.Text);
        Assert.Contains("Monitoring paused:\n- nas-01/photos: by ops@example.com since ", mail.Text!.ReplaceLineEndings("\n"));
        Assert.Contains(", until it reports again", mail.Text); // a pause that may outlast anyone's memory of it
        Assert.Contains("<h3", mail.Html);
    }

    [Fact]
    public async Task A_restore_is_in_the_summary_and_a_failed_one_makes_it_a_failure()
    {
        var (admin, _) = await AdminSubscribedToNas01Async("Off");
        await ReportAsync("nas-01", "photos", "success", 1_000);
        var restored = await App.CreateClient().PostAsync($"/api/v1/runs?key={_ingestKey}",
            new StringContent("""{"server":"nas-01","job":"photos","status":"failure","operation":"restore","message":"disk full"}""", Encoding.UTF8, "application/json"));

        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string>(), "form[action*='SendSummary']");
        await new DeliveryHarness(App).DispatchOnceAsync();
        var mail = Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(AdminEmail) && m.Subject.StartsWith("Backup summary"));
        var row = await QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(r => r.EventType == EventTypes.Summary));

        Assert.True(restored.IsSuccessStatusCode);
        Assert.Contains("1 job, 1 run: 1 succeeded", mail.Text); // the backups' figures: a restore is not a backup run
        Assert.Contains("overdue now. 1 restore, 1 failed.", mail.Text); // but the headline says a restore failed
        Assert.Matches(@"Restores:\n- nas-01/photos: failed [0-9-]+ [0-9:]+\n", mail.Text!.ReplaceLineEndings("\n") + "\n");
        Assert.Equal(NotificationKind.Failure, NotificationOutbox.Read(row).Kind);
    }

    [Fact]
    public async Task The_summary_names_jobs_as_the_console_does_and_does_not_call_a_run_with_warnings_a_failure()
    {
        var (admin, _) = await AdminSubscribedToNas01Async("Off");
        await ReportAsync("nas-01", "WSJ-SER5 Local files", "warning", 1_000); // warnings count as failures by default: an incident

        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string>(), "form[action*='SendSummary']");
        await new DeliveryHarness(App).DispatchOnceAsync();
        var mail = Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(AdminEmail) && m.Subject.StartsWith("Backup summary"));

        Assert.Matches(@"Failing now:\n- nas-01/WSJ-SER5 Local files: since [0-9-]+ [0-9:]+, 1 run in a row with warnings or failures \(warnings count as failures for this job\)\n",
            mail.Text!.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("wsj-ser5", mail.Text); // the key, lower-cased
    }

    [Fact]
    public async Task Mail_to_a_person_goes_through_a_working_email_channel_before_one_that_fails_though_its_name_comes_first()
    {
        var harness = new DeliveryHarness(App);
        var dead = await AddDeadMailServerAsync(harness);
        await QueryAsync(db => db.Channels.Where(c => c.Id == dead).ExecuteUpdateAsync(c => c.SetProperty(x => x.ConsecutiveFailures, 2)));
        var (admin, _) = await AdminSubscribedToNas01Async("Off");
        await ReportAsync("nas-01", "documents", "success", 1_000);

        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string>(), "form[action*='SendSummary']");
        await harness.DispatchOnceAsync();

        Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(AdminEmail) && m.Subject.StartsWith("Backup summary"));
        Assert.DoesNotContain(await harness.RowsAsync(), row => row.ChannelId == dead);
    }

    [Fact]
    public async Task Mail_to_a_person_goes_through_a_working_email_channel_before_one_whose_test_just_failed()
    {
        var harness = new DeliveryHarness(App);
        var dead = await AddDeadMailServerAsync(harness);
        using (var scope = App.Services.CreateScope())
        {
            // The admin presses Test: refused, for now (not yet "not answering", no failure counted).
            var channel = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Channels.SingleAsync(c => c.Id == dead);
            var tested = await scope.ServiceProvider.GetRequiredService<ChannelTester>().TestAsync(channel, default);
            Assert.IsType<DeliveryResult.TransientFailure>(tested);
            Assert.Equal((0, true), (channel.ConsecutiveFailures, channel.LastAttemptFailed));
        }

        var (admin, _) = await AdminSubscribedToNas01Async("Off");
        await ReportAsync("nas-01", "documents", "success", 1_000);
        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string>(), "form[action*='SendSummary']");
        await harness.DispatchOnceAsync();

        Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(AdminEmail) && m.Subject.StartsWith("Backup summary"));
        Assert.DoesNotContain(await harness.RowsAsync(), row => row.ChannelId == dead && row.Recipient == AdminEmail); // its one row is the failed test's
    }

    [Fact]
    public async Task Mail_to_a_person_queued_in_an_email_channel_that_stops_answering_goes_on_through_a_working_one()
    {
        var harness = new DeliveryHarness(App);
        var dead = await AddDeadMailServerAsync(harness);
        var working = await QueryAsync(db => db.Channels.Where(c => c.Id != dead).Select(c => c.Id).SingleAsync());
        // Queued while the dead server still looked the better one: the working one had just failed once.
        await QueryAsync(db => db.Channels.Where(c => c.Id == working).ExecuteUpdateAsync(c => c.SetProperty(x => x.ConsecutiveFailures, 1)));
        var (admin, _) = await AdminSubscribedToNas01Async("Off");
        await ReportAsync("nas-01", "documents", "success", 1_000);
        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string>(), "form[action*='SendSummary']");
        var queuedIn = (await harness.RowsAsync()).Single(row => row.Recipient == AdminEmail).ChannelId;
        await QueryAsync(db => db.Channels.Where(c => c.Id == working).ExecuteUpdateAsync(c => c.SetProperty(x => x.ConsecutiveFailures, 0)));
        await QueryAsync(db => db.Channels.Where(c => c.Id == dead).ExecuteUpdateAsync(c => c.SetProperty(x => x.ConsecutiveFailures, 2)));

        await harness.DispatchOnceAsync(); // the third failure in a row: the dead server is not answering
        await harness.DispatchOnceAsync();

        Assert.Equal(dead, queuedIn);
        Assert.Single(_smtp.Messages(), m => m.RcptTos.Contains(AdminEmail) && m.Subject.StartsWith("Backup summary"));
        var row = (await harness.RowsAsync()).Single(r => r.Recipient == AdminEmail);
        Assert.Equal((working, OutboxStatus.Sent), (row.ChannelId, row.Status));
    }

    [Fact]
    public async Task A_scheduled_summary_is_sent_once_per_period_however_often_it_is_asked_for()
    {
        var (_, grain) = await AdminSubscribedToNas01Async("Daily");
        await ReportAsync("nas-01", "documents", "success", 1_000);

        var first = await grain.SendDueSummaryAsync();
        var again = await grain.SendDueSummaryAsync();
        var summaries = await QueryAsync(db => db.Outbox.AsNoTracking().Where(r => r.EventType == EventTypes.Summary).Select(r => r.DedupKey).ToListAsync());
        var reminders = await QueryAsync(db => db.Reminders.AsNoTracking().Where(r => r.ReminderName == "summary").Select(r => r.PeriodMs).ToListAsync());

        Assert.True(first);
        Assert.False(again);
        Assert.StartsWith("summary:", Assert.Single(summaries));
        // The next one is armed, and ticks again a minute after it if that tick is missed (the node
        // down at the time, the database away): with a day's period the summary was skipped for good.
        Assert.Equal(60_000, Assert.Single(reminders));
    }
}

public sealed class SummaryTestsOnSqlite() : SummaryTests(DatabaseProvider.Sqlite);
public sealed class SummaryTestsOnPostgres() : SummaryTests(DatabaseProvider.Postgres);
