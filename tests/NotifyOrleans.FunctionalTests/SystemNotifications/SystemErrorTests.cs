using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Ntfy;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.FunctionalTests.SystemNotifications;

/// <summary>
/// System Error from its sources (a crashed background task, the database gone and back): one
/// notification per fault and window with the repeats counted, and a banner when nobody can be told.
/// The fault window is shortened to 2 s so a test can outlive it.
/// </summary>
public abstract class SystemErrorTests(DatabaseProvider provider)
    : ConsoleTestBase(provider, services => services.PostConfigure<DeliveryOptions>(o => o.SystemErrorThrottle = TimeSpan.FromSeconds(2))), IAsyncLifetime
{
    private readonly FakeNtfy _ntfy = new();
    private DeliveryHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await _ntfy.StartAsync();
        _harness = new DeliveryHarness(App);
    }

    public async Task DisposeAsync() => await _ntfy.DisposeAsync();

    private FaultReporter Faults => App.Services.GetRequiredService<FaultReporter>();

    private async Task UseNtfyForSystemErrorsAsync()
    {
        var phone = await _harness.AddChannelAsync("Phone", new NtfySettings { ServerUrl = _ntfy.BaseUrl, Topic = "ops" });
        var api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        var (status, _, _) = await api.JsonAsync("PUT", "/api/v1/settings/system-notifications", $$"""{"globalChannels":["{{phone}}"]}""");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task A_crashing_background_task_makes_one_notice_per_window_and_the_next_counts_the_repeats()
    {
        await UseNtfyForSystemErrorsAsync();

        for (var i = 0; i < 3; i++) await Faults.ReportAsync("Sending the summaries", new InvalidOperationException("boom"));
        await _harness.RouteAndDispatchAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the window passes
        await Faults.ReportAsync("Sending the summaries", new InvalidOperationException("boom"));
        await _harness.RouteAndDispatchAsync();

        Assert.Equal(2, _ntfy.Messages.Count);
        Assert.Equal("Sending the summaries failed: boom", _ntfy.Messages[0]["message"]!.GetValue<string>());
        Assert.Contains("happened 2 more times since the last notice", _ntfy.Messages[1]["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_start_up_check_that_fails_while_the_cluster_settles_is_retried_and_only_its_last_failure_is_a_system_error()
    {
        var settles = new FailingCheck(App, failures: 2, "Settling");
        var broken = new FailingCheck(App, failures: int.MaxValue, "Breaking");

        await Task.WhenAll(settles.RunToEndAsync(), broken.RunToEndAsync());

        Assert.Equal((3, 3), (settles.Attempts, broken.Attempts));
        var errors = await QueryAsync(db => db.SystemEvents.Where(e => e.Type == SystemEventType.SystemError).Select(e => e.Summary).ToListAsync());
        Assert.Equal("Breaking failed: Reminder Service is still initializing", Assert.Single(errors));
        Assert.Equal(4, App.Problems.Lines.Count(line => line.Contains("failed at start; trying again in 00:00:00.0")));
    }

    /// <summary>A start-up check that fails its first <paramref name="failures"/> attempts, retried at once.</summary>
    private sealed class FailingCheck(AppFactory app, int failures, string what) : StartupCheck(
        app.Services.GetRequiredService<FaultReporter>(), app.Services.GetRequiredService<ILogger<FailingCheck>>(), [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)])
    {
        public int Attempts { get; private set; }

        protected override string What => what;

        protected override Task RunAsync(CancellationToken stoppingToken) =>
            ++Attempts <= failures ? throw new InvalidOperationException("Reminder Service is still initializing") : Task.CompletedTask;

        public async Task RunToEndAsync()
        {
            await StartAsync(CancellationToken.None);
            await ExecuteTask!;
        }
    }

    [Fact]
    public async Task A_database_that_stops_answering_is_reported_once_when_it_answers_again()
    {
        await UseNtfyForSystemErrorsAsync();
        var refused = new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

        await Faults.ReportAsync("Delivering notifications", refused);
        await Faults.ReportAsync("Sending system notifications", refused);
        var whileDown = await QueryAsync(db => db.SystemEvents.CountAsync(e => e.Type == SystemEventType.SystemError));
        await Faults.DatabaseAnsweredAsync();
        await Faults.DatabaseAnsweredAsync(); // a second round: nothing more to say
        await _harness.RouteAndDispatchAsync();

        Assert.Equal(0, whileDown);
        var notice = Assert.Single(_ntfy.Messages)["message"]!.GetValue<string>();
        Assert.Contains("The database could not be reached from", notice);
        Assert.Contains("(2 failed attempts): Failed to connect to 127.0.0.1:5432", notice);
    }

    [Fact]
    public async Task A_System_Error_that_reaches_nobody_is_a_banner_for_admins_and_not_for_members()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await LoginAsync(MemberEmail, MemberPassword);

        await Faults.ReportAsync("Delivering notifications", new InvalidOperationException("the disk is full"));
        await _harness.RouteAndDispatchAsync();

        var banner = (await admin.GetDocumentAsync("/Jobs")).QuerySelector("#system-error-banner");
        Assert.NotNull(banner);
        Assert.Contains("Delivering notifications failed: the disk is full", banner.TextContent);
        Assert.Contains("No global channels are set.", banner.TextContent);
        Assert.Null((await member.GetDocumentAsync("/Jobs")).QuerySelector("#system-error-banner"));

        // Read and dismissed: gone from this admin's pages, back to the page she was on, until a
        // newer System Error reaches nobody.
        var dismissed = await admin.SubmitAsync("/Jobs", new Dictionary<string, string>(), "#system-error-banner form");
        Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);
        Assert.Equal("/Jobs", dismissed.Headers.Location?.OriginalString);
        Assert.Null((await admin.GetDocumentAsync("/Jobs")).QuerySelector("#system-error-banner"));
        await Faults.ReportAsync("Sending system notifications", new InvalidOperationException("the disk is still full"));
        await _harness.RouteAndDispatchAsync();
        Assert.Contains("Sending system notifications failed: the disk is still full",
            (await admin.GetDocumentAsync("/Jobs")).QuerySelector("#system-error-banner")?.TextContent);

        // Two not dismissed: the newest shows, and says the other is there too.
        await Faults.ReportAsync("Checking deadlines", new InvalidOperationException("the disk is full again"));
        await _harness.RouteAndDispatchAsync();
        var both = (await admin.GetDocumentAsync("/Jobs")).QuerySelector("#system-error-banner")?.TextContent;
        Assert.Contains("Checking deadlines failed: the disk is full again", both);
        Assert.Contains("1 earlier System Error reached nobody either.", both);
        Assert.DoesNotContain("the disk is still full", both);
    }
}

public sealed class SystemErrorTestsOnSqlite() : SystemErrorTests(DatabaseProvider.Sqlite);
public sealed class SystemErrorTestsOnPostgres() : SystemErrorTests(DatabaseProvider.Postgres);
