using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Console;

/// <summary>
/// Who reads what in the delivery log: an admin every row; a Member the job notices sent to channels
/// and their own mail, never another person's mail (a login notice names its address and browser)
/// nor the system events' notices; and what a row says of the send that carried it. On SQLite only:
/// the rules are the app's, not the database's (OutboxDeliveryTests stores the send's size on both).
/// </summary>
public sealed class DeliveryLogReadersTests() : ConsoleTestBase(DatabaseProvider.Sqlite)
{
    private static NotificationMessage Notice(string eventType, string title) =>
        Channels.SampleMessages.Failure(title) with { EventType = eventType };

    [Fact]
    public async Task A_member_whose_account_was_deleted_reads_nothing_with_the_cookie_left_behind()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await EnqueueOneOfEachAsync();
        var member = await LoginAsync(MemberEmail, MemberPassword);
        var before = await member.GetStringAsync("/Deliveries");
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NotifyOrleans.Infrastructure.Identity.AppUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync(MemberEmail))!)).Succeeded);
        }

        var after = await member.Http.GetAsync("/Deliveries"); // the cookie is checked against the account at every request (it was once a minute)

        Assert.Contains("Job notice to the room", before);
        Assert.DoesNotContain("203.0.113.9", before);
        Assert.DoesNotContain("Mail to the admin", before);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Identity/Account/Login", after.Headers.Location!.OriginalString);
    }

    private async Task EnqueueOneOfEachAsync()
    {
        await using var discord = new FakeDiscord();
        await discord.StartAsync();
        var channel = await new DeliveryHarness(App).AddChannelAsync("Ops room", new DiscordSettings { WebhookUrl = discord.CreateWebhook() });
        using var scope = App.Services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<NotificationOutbox>();
        await outbox.EnqueueAsync(Notice(EventTypes.BackupFailure, "Job notice to the room"), channel, "job", jobKey: "nas-01/documents");
        await outbox.EnqueueAsync(Notice(EventTypes.UserLogin, "Someone logged in from 203.0.113.9"), channel, "login");
        await outbox.EnqueueAsync(Notice(EventTypes.BackupFailure, "Mail to the admin"), channel, "admin-mail", AdminEmail, jobKey: "nas-01/documents");
        await outbox.EnqueueAsync(Notice(EventTypes.BackupFailure, "Mail to the member"), channel, "member-mail", MemberEmail, jobKey: "nas-01/documents");
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
    }

    [Fact]
    public async Task Rows_that_went_in_one_send_say_so_under_their_badge()
    {
        var admin = await SetUpAdminAsync();
        await using var discord = new FakeDiscord();
        await discord.StartAsync();
        var harness = new DeliveryHarness(App);
        var channel = await harness.AddChannelAsync("Ops room", new DiscordSettings { WebhookUrl = discord.CreateWebhook() });
        await harness.EnqueueAsync(channel, (Notice(EventTypes.BackupFailure, "First"), "1"), (Notice(EventTypes.BackupFailure, "Second"), "2"), (Notice(EventTypes.BackupFailure, "Third"), "3"));
        while (await harness.DispatchOnceAsync() > 0) { }

        await using var smtp = await SmtpServer.StartAsync("plain", auth: false);
        var mail = await harness.AddChannelAsync("Ops mail", new EmailSettings
        {
            Host = "localhost", Port = smtp.Port, Security = SmtpSecurity.None, From = "hub@example.test", To = "ops@example.test",
        });
        await harness.EnqueueAsync(mail, Enumerable.Range(1, 4).Select(i => (Notice(EventTypes.BackupFailure, $"Mail {i}"), $"mail-{i}")).ToArray());
        while (await harness.DispatchOnceAsync() > 0) { }
        var rows = (await admin.GetDocumentAsync("/Deliveries")).QuerySelectorAll("#delivery-table tr[data-delivery]");
        await QueryAsync(db => db.Channels.Where(c => c.Id == channel).ExecuteDeleteAsync());
        var afterDelete = (await admin.GetDocumentAsync($"/Deliveries")).QuerySelectorAll("#delivery-table tr[data-delivery]");

        Assert.Equal(1, discord.CountRequests()); // three embeds in one call
        Assert.Single(smtp.Messages()); // four waiting for one address: one digest
        Assert.Equal(Enumerable.Repeat("in one email with 3 others", 4).Concat(Enumerable.Repeat("in one message with 2 others", 3)),
            rows.Select(row => row.QuerySelector("[data-sent-together]")?.TextContent));
        // A deleted channel's rows still say "message": its kind is unknown, not Email.
        Assert.Equal(Enumerable.Repeat("in one message with 2 others", 3), afterDelete.Skip(4).Select(row => row.QuerySelector("[data-sent-together]")?.TextContent));
    }

    [Fact]
    public async Task A_member_reads_job_notices_and_their_own_mail_and_an_admin_reads_every_row()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await EnqueueOneOfEachAsync();

        var member = await LoginAsync(MemberEmail, MemberPassword);
        var seenByMember = await member.GetStringAsync("/Deliveries");
        var seenByAdmin = await admin.GetStringAsync("/Deliveries");
        var memberCounts = (await member.GetDocumentAsync("/Deliveries")).QuerySelectorAll("[data-count]").Sum(count => int.Parse(count.TextContent));

        Assert.Contains("Job notice to the room", seenByMember);
        Assert.Contains("Mail to the member", seenByMember);
        Assert.DoesNotContain("203.0.113.9", seenByMember);
        Assert.DoesNotContain("Mail to the admin", seenByMember);
        Assert.Equal(2, memberCounts); // the counts by status over what the member may read
        foreach (var title in new[] { "Job notice to the room", "203.0.113.9", "Mail to the admin", "Mail to the member" })
            Assert.Contains(title, seenByAdmin);
        var rows = (await admin.GetDocumentAsync("/Deliveries")).QuerySelectorAll("#delivery-table tbody tr");
        Assert.Equal(3, rows.Count(row => row.QuerySelector("[data-job-link]")?.GetAttribute("href") == "/Jobs/Details?id=nas-01%2Fdocuments")); // each job notice opens its job
        Assert.Null(rows.Single(row => row.TextContent.Contains("203.0.113.9")).QuerySelector("[data-job-link]")); // a login is about no job
    }

    [Fact]
    public async Task The_counts_follow_the_filters_and_a_member_does_not_read_what_a_destination_answered()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        await EnqueueOneOfEachAsync();
        const string answer = "SMTP server mail.internal.example:2525 refused the connection.";
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Outbox.Where(r => r.DedupKey == "job").ExecuteUpdateAsync(r => r.SetProperty(m => m.Status, OutboxStatus.Dead).SetProperty(m => m.LastError, answer));
        }

        var all = await admin.GetDocumentAsync("/Deliveries");
        var jobOnly = await admin.GetDocumentAsync("/Deliveries?job=nas-01&status=Dead");
        var member = await LoginAsync(MemberEmail, MemberPassword);
        var seenByMember = await member.GetDocumentAsync("/Deliveries");

        int Count(AngleSharp.Dom.IDocument page, OutboxStatus status) => int.Parse(page.QuerySelector($"[data-count='{status}']")!.TextContent);
        Assert.Equal((1, 3), (Count(all, OutboxStatus.Dead), Count(all, OutboxStatus.Pending)));
        // The job's three notices; the status filter chooses the rows, and its tile stands beside the others.
        Assert.Equal((1, 2), (Count(jobOnly, OutboxStatus.Dead), Count(jobOnly, OutboxStatus.Pending)));
        Assert.Single(jobOnly.QuerySelectorAll("#delivery-table tbody tr"));
        Assert.Contains(answer, all.QuerySelector("#delivery-table")!.TextContent);
        Assert.DoesNotContain("mail.internal", seenByMember.DocumentElement.OuterHtml);
        Assert.Contains(DeliveryErrors.ForMembers, seenByMember.QuerySelector("tr[data-status='Dead'] .col-error")!.TextContent);
    }
}
