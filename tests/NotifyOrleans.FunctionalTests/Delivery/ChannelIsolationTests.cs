using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NotifyOrleans.FunctionalTests.Channels;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Channels.Ntfy;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Delivery;

/// <summary>One slow, dead or recovering destination and the others (issue #7, items 10, 11, 14).</summary>
public sealed class ChannelIsolationTests : IAsyncLifetime
{
    private readonly FakeWebhookReceiver _healthy = new();
    private readonly SilentServer _silent = new();
    private readonly FakeDiscord _discord = new(bucketSize: 50);

    public async Task InitializeAsync()
    {
        await _healthy.StartAsync();
        await _discord.StartAsync();
    }

    [Fact]
    public async Task A_destination_that_never_answers_does_not_hold_up_a_healthy_one()
    {
        using var app = new AppFactory(DatabaseProvider.Sqlite, configureServices: services =>
            services.Configure<DeliveryOptions>(options => options.HttpTimeout = TimeSpan.FromSeconds(2))) { BackgroundDispatcher = true };
        var harness = new DeliveryHarness(app);
        var hanging = await harness.AddChannelAsync("Hanging", new WebhookSettings { Url = _silent.BaseUrl + "/hook" });
        var healthy = await harness.AddChannelAsync("Healthy", new WebhookSettings { Url = _healthy.BaseUrl + "/hook" });

        // The hanging channel's messages are failures (sent first); the healthy one's are successes.
        await harness.EnqueueAsync(hanging, Enumerable.Range(0, 200).Select(i => (SampleMessages.Failure($"F{i}"), $"h-{i}")).ToArray());
        await harness.EnqueueAsync(healthy, Enumerable.Range(0, 200).Select(i => (SampleMessages.Success($"S{i}"), $"ok-{i}")).ToArray());

        await DeliveryHarness.EventuallyAsync(() => Task.FromResult(_healthy.Received.Count == 200), TimeSpan.FromSeconds(60), "200 deliveries to the healthy webhook");
        await DeliveryHarness.EventuallyAsync(async () => (await harness.ChannelAsync(hanging)).ConsecutiveFailures >= 1, TimeSpan.FromSeconds(30), "the hanging channel's first timeout");
        var stuck = await harness.ChannelAsync(hanging);
        var rows = await harness.RowsAsync();

        Assert.Contains("No answer from", stuck.LastError);
        Assert.NotNull(stuck.BlockedUntil);
        Assert.All(rows.Where(r => r.ChannelId == hanging), row => Assert.Equal(OutboxStatus.Pending, row.Status));
        Assert.InRange(_silent.Accepted, 1, 3); // backed off as a channel, not tried once per message
    }

    [Fact]
    public async Task A_destination_that_stalls_after_its_headers_times_out_instead_of_holding_its_channel()
    {
        using var app = new AppFactory(DatabaseProvider.Sqlite, configureServices: services =>
            services.Configure<DeliveryOptions>(options => options.HttpTimeout = TimeSpan.FromSeconds(1)));
        var harness = new DeliveryHarness(app);
        await using var stalling = new FakeWebhookReceiver { StallAfterHeaders = true };
        await stalling.StartAsync();
        var channel = await harness.AddChannelAsync("Stalling", new WebhookSettings { Url = stalling.BaseUrl + "/hook" });
        await harness.EnqueueAsync(channel, (SampleMessages.Failure(), "s-1"));

        var dispatch = harness.DispatchOnceAsync();
        var finished = await Task.WhenAny(dispatch, Task.Delay(TimeSpan.FromSeconds(60))) == dispatch;

        Assert.True(finished, "the send never ended");
        Assert.Contains("No answer from", (await harness.ChannelAsync(channel)).LastError);
        Assert.Equal(OutboxStatus.Pending, Assert.Single(await harness.RowsAsync()).Status); // tried again later
    }

    [Fact]
    public async Task A_message_the_destination_refuses_dies_alone_and_the_channel_goes_on_without_its_token_in_the_error()
    {
        using var app = new AppFactory(DatabaseProvider.Sqlite);
        var harness = new DeliveryHarness(app);
        _healthy.RefuseBodyContaining = "REFUSE-ME";
        var channel = await harness.AddChannelAsync("Hook", new WebhookSettings
        {
            Url = _healthy.BaseUrl + "/hooks/T0KEN?token=QUERY-SECRET-99", Headers = "Authorization: Bearer HEADER-SECRET-88\nX-Auth: SECOND-SECRET-77",
        });
        await harness.EnqueueAsync(channel, (SampleMessages.Failure("REFUSE-ME"), "r-1"), (SampleMessages.Failure("fine"), "r-2"));

        await harness.DispatchOnceAsync();
        await harness.DispatchOnceAsync();
        var rows = (await harness.RowsAsync()).OrderBy(r => r.DedupKey).ToList();
        var hook = await harness.ChannelAsync(channel);
        var events = await harness.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().SystemEvents.Select(e => e.Summary).ToListAsync());

        Assert.Equal((OutboxStatus.Dead, OutboxStatus.Sent), (rows[0].Status, rows[1].Status));
        Assert.Contains("answered 422", rows[0].LastError);
        Assert.Contains("\"X-Auth\": \"***\"", rows[0].LastError); // the receiver echoed the request: its path, query and headers
        foreach (var secret in new[] { "T0KEN", "QUERY-SECRET-99", "HEADER-SECRET-88", "SECOND-SECRET-77" })
        {
            Assert.DoesNotContain(secret, rows[0].LastError);
            Assert.DoesNotContain(events, e => e.Contains(secret, StringComparison.Ordinal)); // nor in the System Error that goes to the other channels
            Assert.DoesNotContain(secret, app.ProblemsText);
        }

        Assert.True(hook.IsHealthy); // one refused message does not pause the channel for the others
        Assert.Contains(events, e => e.StartsWith("Channel 'Hook' refused a notification", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retry_after_of_zero_still_waits_a_second()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new AppFactory(DatabaseProvider.Sqlite, clock);
        var harness = new DeliveryHarness(app);
        var channel = await harness.AddChannelAsync("Hook", new WebhookSettings { Url = _healthy.BaseUrl + "/hook" });
        await harness.EnqueueAsync(channel, (SampleMessages.Failure(), "z-1"));
        _healthy.NextRetryAfter = 0;

        await harness.DispatchOnceAsync();
        var atOnce = await harness.DispatchOnceAsync();
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var aSecondLater = await harness.DispatchOnceAsync();

        Assert.Equal((0, 1), (atOnce, aSecondLater));
    }

    [Fact]
    public async Task A_channel_that_keeps_timing_out_is_flagged_and_one_success_sends_what_waited_packed_and_says_so_in_the_log()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new LogCollector(Microsoft.Extensions.Logging.LogLevel.Information);
        using var app = new AppFactory(DatabaseProvider.Sqlite, clock, configureServices: services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        var harness = new DeliveryHarness(app);
        var discord = await harness.AddChannelAsync("Discord", new DiscordSettings { WebhookUrl = _discord.CreateWebhook("99", "tok") });
        await harness.EnqueueAsync(discord, Enumerable.Range(0, 20).Select(i => (SampleMessages.Failure($"F{i}"), $"d-{i}")).ToArray());
        _discord.ForcedStatus = 503;
        for (var round = 0; round < 3; round++)
        {
            await harness.DispatchOnceAsync();
            clock.SetUtcNow((await harness.ChannelAsync(discord)).BlockedUntil!.Value.AddSeconds(1));
        }

        var flagged = await harness.ChannelAsync(discord);
        // Rows that failed long ago wait out long backoffs of their own.
        await harness.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Outbox
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.NextAttemptAt, clock.GetUtcNow().AddMinutes(30))));
        _discord.ForcedStatus = null;
        await harness.EnqueueAsync(discord, (SampleMessages.Failure("new"), "d-new"));
        var requestsBefore = _discord.CountRequests();

        await harness.DispatchOnceAsync();
        await harness.DispatchOnceAsync();

        Assert.True(flagged.IsNotAnswering);
        Assert.Equal(3, flagged.ConsecutiveFailures);
        Assert.All(await harness.RowsAsync(), row => Assert.Equal(OutboxStatus.Sent, row.Status));
        Assert.Equal(0, (await harness.ChannelAsync(discord)).ConsecutiveFailures);
        Assert.Equal(21, _discord.Embeds.Count);
        Assert.Equal(3, _discord.CountRequests() - requestsBefore); // the new one, then 20 packed 10 to a request
        Assert.Single(logs.Lines, line => line.Contains("Channel \"Discord\" is not answering"));
        Assert.Single(logs.Lines, line => line.Contains("Channel \"Discord\" answers again, after 3 failed attempts in a row"));
    }

    [Fact]
    public async Task Json_bodies_go_with_a_content_length_to_every_http_channel()
    {
        using var app = new AppFactory(DatabaseProvider.Sqlite);
        var harness = new DeliveryHarness(app);
        foreach (var (name, settings) in new (string, NotifyOrleans.Infrastructure.Channels.ChannelSettings)[]
        {
            ("Discord", new DiscordSettings { WebhookUrl = _healthy.BaseUrl + "/api/webhooks/1/x" }),
            ("Ntfy", new NtfySettings { ServerUrl = _healthy.BaseUrl, Topic = "backups" }),
            ("Webhook", new WebhookSettings { Url = _healthy.BaseUrl + "/hook" }),
        })
        {
            await harness.EnqueueAsync(await harness.AddChannelAsync(name, settings), (SampleMessages.Failure(), name));
        }

        await harness.DispatchOnceAsync();

        Assert.Equal(3, _healthy.Received.Count);
        Assert.All(_healthy.Received, request =>
        {
            Assert.True(request.Headers.ContentLength > 0);
            Assert.False(request.Headers.ContainsKey("Transfer-Encoding"));
        });
    }

    [Fact]
    public async Task The_dispatcher_is_woken_once_the_rows_are_committed()
    {
        using var app = new AppFactory(DatabaseProvider.Sqlite, configureServices: services =>
            services.Configure<DeliveryOptions>(options => options.PollInterval = TimeSpan.FromHours(1))) { BackgroundDispatcher = true };
        var harness = new DeliveryHarness(app);
        var channel = await harness.AddChannelAsync("Hook", new WebhookSettings { Url = _healthy.BaseUrl + "/hook" });
        await Task.Delay(500); // the dispatcher's first look finds nothing; now it sleeps for its poll interval

        await harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"));

        await DeliveryHarness.EventuallyAsync(() => Task.FromResult(_healthy.Received.Count == 1), TimeSpan.FromSeconds(20), "the delivery, without waiting for the hourly poll");
    }

    public async Task DisposeAsync()
    {
        await _healthy.DisposeAsync();
        await _silent.DisposeAsync();
        await _discord.DisposeAsync();
    }
}
