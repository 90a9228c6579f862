using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Channels;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Delivery;

/// <summary>The outbox and its dispatcher on a real database, with a clock the test moves.</summary>
public abstract class OutboxDeliveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly TestDatabase _database;
    private readonly AppFactory _node;
    private readonly DeliveryHarness _harness;
    private readonly FakeWebhookReceiver _receiver = new();
    private readonly FakeDiscord _discord = new();

    protected OutboxDeliveryTests(DatabaseProvider provider)
    {
        _database = new TestDatabase(provider);
        _node = new AppFactory(provider, _clock, _database);
        _harness = new DeliveryHarness(_node);
    }

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        await _discord.StartAsync();
    }

    private Task<Guid> WebhookChannelAsync() => _harness.AddChannelAsync("Hook", new WebhookSettings { Url = _receiver.BaseUrl + "/hook" });

    [Fact]
    public async Task The_same_event_for_the_same_channel_is_enqueued_once()
    {
        var channel = await WebhookChannelAsync();

        await _harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"), (SampleMessages.Failure(), "run-1"));
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"));

        Assert.Single(await _harness.RowsAsync());
    }

    [Fact]
    public async Task A_queued_message_is_delivered_and_marked_sent()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"));

        var claimed = await _harness.DispatchOnceAsync();

        Assert.Equal(1, claimed);
        var row = Assert.Single(await _harness.RowsAsync());
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.SentAt);
        Assert.Null(row.ClaimedUntil);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task A_row_enqueued_for_a_channel_as_it_was_deleted_is_given_up_not_left_waiting()
    {
        await WebhookChannelAsync(); // a channel that exists: the look for due rows starts from the channels
        var deleted = Guid.NewGuid(); // a report's row committed after the delete had cancelled the channel's rows
        await _harness.EnqueueAsync(deleted, (SampleMessages.Failure(), "run-1"));

        var claimed = await _harness.DispatchOnceAsync();

        Assert.Equal(1, claimed);
        var row = Assert.Single(await _harness.RowsAsync());
        Assert.Equal(OutboxStatus.Dead, row.Status);
        Assert.Equal("The channel was deleted.", row.LastError);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task A_webhook_gets_several_jobs_messages_side_by_side_and_each_jobs_messages_in_order()
    {
        var channel = await WebhookChannelAsync();
        await _harness.WithScopeAsync(async services =>
        {
            var outbox = services.GetRequiredService<NotificationOutbox>();
            foreach (var (job, title) in new[] { ("a", "a1"), ("b", "b1"), ("c", "c1"), ("d", "d1"), ("a", "a2"), ("a", "a3") })
                await outbox.EnqueueAsync(SampleMessages.Failure(title), channel, title, jobKey: job);
            return await services.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        _receiver.Delay = TimeSpan.FromSeconds(2);

        var dispatch = _harness.DispatchOnceAsync();
        await DeliveryHarness.EventuallyAsync(() => Task.FromResult(_receiver.Started >= 4), TimeSpan.FromSeconds(10), "four sends in flight");
        var answeredWhileFourWereInFlight = _receiver.Received.Count;
        await dispatch;

        Assert.Equal(0, answeredWhileFourWereInFlight);
        var titles = _receiver.Received.Select(r => new[] { "a1", "a2", "a3", "b1", "c1", "d1" }.Single(t => r.Body.Contains($"\"{t}\""))).ToList();
        Assert.Equal(6, titles.Count);
        Assert.Equal(["a1", "a2", "a3"], titles.Where(t => t.StartsWith('a')));
    }

    [Fact]
    public async Task A_send_that_hangs_holds_up_only_its_own_jobs_messages()
    {
        var channel = await WebhookChannelAsync();
        var messages = new[] { ("a", "a1"), ("b", "b1"), ("c", "c1"), ("d", "d1"), ("e", "e1"), ("f", "f1"), ("a", "a2") };
        await _harness.WithScopeAsync(async services =>
        {
            var outbox = services.GetRequiredService<NotificationOutbox>();
            foreach (var (job, title) in messages)
                await outbox.EnqueueAsync(SampleMessages.Failure(title), channel, title, jobKey: job);
            return await services.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        _receiver.HoldBodyContaining = "\"a1\"";
        List<string> Titles() { lock (_receiver.Received) return _receiver.Received.Select(r => messages.Single(m => r.Body.Contains($"\"{m.Item2}\"")).Item2).ToList(); }

        var dispatch = _harness.DispatchOnceAsync();
        List<string> whileA1Hung;
        try
        {
            // Four sends at once: while a1's hangs, the other three slots carry on through the batch.
            await DeliveryHarness.EventuallyAsync(() => Task.FromResult(Titles().Count >= 5), TimeSpan.FromSeconds(8), "the other jobs' messages while a1 hangs");
            whileA1Hung = Titles();
        }
        finally
        {
            _receiver.ReleaseHeld(); // also when the wait failed: a send left hanging would hang the test's end
        }

        await dispatch;

        Assert.Equal(["b1", "c1", "d1", "e1", "f1"], whileA1Hung.Order());
        Assert.Equal(["a1", "a2"], Titles().Where(t => t.StartsWith('a'))); // a2 waited for a1
        Assert.All(await _harness.RowsAsync(), row => Assert.Equal(OutboxStatus.Sent, row.Status));
    }

    [Fact]
    public async Task A_send_that_goes_through_beside_a_failed_one_lets_the_held_rows_go_at_once_and_nothing_says_rate_limit()
    {
        var channel = await WebhookChannelAsync();
        var titles = new[] { "a1", "b1", "c1", "d1", "e1", "f1", "g1", "h1" };
        await _harness.WithScopeAsync(async services =>
        {
            var outbox = services.GetRequiredService<NotificationOutbox>();
            foreach (var title in titles) await outbox.EnqueueAsync(SampleMessages.Failure(title), channel, title, jobKey: title); // each its own job: sent side by side
            return await services.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        _receiver.FailBodyContaining = "\"a1\""; // one send fails (a receiver that dropped one connection)...
        _receiver.HoldBodyContaining = "\"b1\""; // ...while one beside it is still under way, and then goes through

        var dispatch = _harness.DispatchOnceAsync();
        try
        {
            await DeliveryHarness.EventuallyAsync(async () => (await _harness.ChannelAsync(channel)).ConsecutiveFailures == 1, TimeSpan.FromSeconds(10), "a1's failure");
        }
        finally
        {
            _receiver.ReleaseHeld();
        }

        await dispatch;
        var afterBatch = await _harness.RowsAsync();
        var state = await _harness.ChannelAsync(channel);
        _receiver.FailBodyContaining = null;
        var next = await _harness.DispatchOnceAsync(); // the clock has not moved

        Assert.Equal((0, null), (state.ConsecutiveFailures, state.BlockedUntil)); // it answers: no backoff kept
        Assert.All(afterBatch, row => Assert.DoesNotContain("rate limit", row.LastError ?? ""));
        Assert.All(afterBatch.Where(r => r.Status == OutboxStatus.Pending), row => Assert.True(row.NextAttemptAt <= _clock.GetUtcNow(), $"{row.DedupKey} waits until {row.NextAttemptAt}"));
        Assert.True(next > 0, "the rows held by the failure went at the next pass, not after the backoff");
        Assert.All(await _harness.RowsAsync(), row => Assert.Equal(OutboxStatus.Sent, row.Status)); // a1 too: woken with the channel's recovery, as after an outage
    }

    [Fact]
    public async Task Failures_are_sent_before_successes()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Success("success 1"), "s1"), (SampleMessages.Success("success 2"), "s2"), (SampleMessages.Failure("failure"), "f1"));

        await _harness.DispatchOnceAsync();

        Assert.Contains("\"failure\"", _receiver.Received[0].Body);
    }

    [Fact]
    public async Task A_destination_that_is_down_gets_everything_once_it_is_back()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, Enumerable.Range(1, 5).Select(i => (SampleMessages.Failure($"failure {i}"), $"run-{i}")).ToArray());
        _receiver.ForcedStatus = 503;

        await _harness.DispatchOnceAsync();
        var whileDown = await _harness.RowsAsync();
        var tooEarly = await _harness.DispatchOnceAsync();
        _receiver.ForcedStatus = null;
        _clock.Advance(TimeSpan.FromHours(1));
        while (await _harness.DispatchOnceAsync() > 0) _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.All(whileDown, row => Assert.Equal(OutboxStatus.Pending, row.Status));
        Assert.Contains("503", whileDown[0].LastError);
        Assert.Equal(0, tooEarly);
        Assert.All(await _harness.RowsAsync(), row => Assert.Equal(OutboxStatus.Sent, row.Status));
        Assert.Equal(5, _receiver.Received.Select(r => r.Body).Distinct().Count());
    }

    [Fact]
    public async Task Rows_claimed_by_a_dispatcher_that_died_are_delivered_after_its_lease()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"), (SampleMessages.Success(), "run-2"));
        // Another node claimed the rows and died before sending: only its lease is left.
        var now = _clock.GetUtcNow();
        var claimedByDeadNode = await _harness.WithScopeAsync(services =>
            new OutboxClaimer(services.GetRequiredService<AppDbContext>()).ClaimAsync(channel, now, now.AddMinutes(2), 100, default));

        var whileLeased = await _harness.DispatchOnceAsync();
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var afterLease = await _harness.DispatchOnceAsync();

        Assert.Equal(2, claimedByDeadNode.Count);
        Assert.Equal((0, 2), (whileLeased, afterLease));
        Assert.Equal(2, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_batch_that_outlasts_its_lease_keeps_its_rows_from_other_nodes()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, Enumerable.Range(1, 40).Select(n => (SampleMessages.Failure($"Run {n}"), $"run-{n}")).ToArray());
        // Each answer takes 5 s: the batch takes 200 s, its lease 2 minutes. Another node looks for work meanwhile.
        var takenByAnotherNode = 0;
        _receiver.OnRequest = async () =>
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            takenByAnotherNode += (await ClaimAsAnotherNodeAsync(channel)).Count;
        };

        var claimed = await _harness.DispatchOnceAsync();

        Assert.Equal((40, 0), (claimed, takenByAnotherNode));
        Assert.Equal(40, _receiver.Received.Count);
        Assert.All(await _harness.RowsAsync(), row => Assert.Equal(OutboxStatus.Sent, row.Status));
    }

    [Fact]
    public async Task A_batch_whose_rows_another_node_took_sends_no_more_of_them()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, Enumerable.Range(1, 10).Select(n => (SampleMessages.Failure($"Run {n}"), $"run-{n}")).ToArray());
        // Each answer takes 9 s. During the 7th, another node whose clock is 3 minutes ahead (as if
        // this one had paused that long) finds the lease over and takes the batch.
        var (requests, takenByAnotherNode) = (0, new List<long>());
        _receiver.OnRequest = async () =>
        {
            _clock.Advance(TimeSpan.FromSeconds(9));
            if (++requests == 7) takenByAnotherNode.AddRange(await ClaimAsAnotherNodeAsync(channel, clockAhead: TimeSpan.FromMinutes(3)));
        };

        await _harness.DispatchOnceAsync();

        var rows = await _harness.RowsAsync();
        Assert.Equal(4, takenByAnotherNode.Count); // the one under way too: its lease had run out there
        Assert.Equal(7, _receiver.Received.Count); // the 8th would have been sent twice: the renewal found it taken
        Assert.Equal(3, rows.Count(row => row.Status == OutboxStatus.Pending && row.ClaimedUntil > _clock.GetUtcNow() + TimeSpan.FromMinutes(4)));
    }

    private Task<List<long>> ClaimAsAnotherNodeAsync(Guid channel, TimeSpan clockAhead = default)
    {
        var now = _clock.GetUtcNow() + clockAhead;
        return _harness.WithScopeAsync(services => new OutboxClaimer(services.GetRequiredService<AppDbContext>()).ClaimAsync(channel, now, now.AddMinutes(2), 100, default));
    }

    [Fact]
    public async Task A_message_the_destination_keeps_failing_retries_on_its_own_and_holds_up_no_other()
    {
        var channel = await WebhookChannelAsync();
        _receiver.FailBodyContaining = "poison";
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure("poison"), "run-0"));

        // A new report every minute for 20 minutes; the dispatcher looks every 10 s.
        var sentAtOnce = new List<bool>();
        for (var minute = 1; minute <= 20; minute++)
        {
            await _harness.EnqueueAsync(channel, (SampleMessages.Failure($"Run {minute}"), $"run-{minute}"));
            for (var look = 0; look < 6; look++)
            {
                await _harness.DispatchOnceAsync();
                if (look == 0) sentAtOnce.Add(_receiver.Received.Count == minute);
                _clock.Advance(TimeSpan.FromSeconds(10));
            }
        }

        Assert.Equal(20, _receiver.Received.Count);
        // The first waited for the channel's first backoff (15 s): the poison's first failure counted against it.
        Assert.Equal(Enumerable.Range(1, 20).Select(minute => minute > 1), sentAtOnce);
        // Its own backoff (15 s, 30 s, 1 min … 8 min): counted against the channel, it was woken by every success after.
        // and no recovery of the channel woke it early.
        Assert.InRange(_receiver.CountRequests(500), 5, 9);
        var poison = (await _harness.RowsAsync()).Single(row => row.Title == "poison");
        Assert.Equal(OutboxStatus.Pending, poison.Status);
        Assert.StartsWith(WaitingRows.FailsOnItsOwn + "http://", poison.LastError); // the delivery log says so
    }

    [Fact]
    public async Task Retry_now_leaves_a_row_that_is_being_sent_to_its_sender()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"));
        var retried = DeliveryChange.NotFound;
        // Someone presses Retry now while the destination takes its time over the send.
        _receiver.OnRequest = async () =>
        {
            retried = await _harness.WithScopeAsync(services => services.GetRequiredService<DeliveryLog>().RetryAsync(1, default));
            var stillLeased = await _harness.WithScopeAsync(services => new OutboxClaimer(services.GetRequiredService<AppDbContext>()).ClaimAsync(channel, _clock.GetUtcNow(), _clock.GetUtcNow().AddMinutes(2), 100, default));
            Assert.Empty(stillLeased); // another dispatcher would have sent it a second time
        };

        await _harness.DispatchOnceAsync();

        Assert.Equal(DeliveryChange.Done, retried);
        Assert.Single(_receiver.Received);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await _harness.RowsAsync()).Status);
    }

    [Fact]
    public async Task A_row_whose_message_cannot_be_read_dies_and_the_others_go()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure("damaged"), "run-1"), (SampleMessages.Failure("fine"), "run-2"));
        await _harness.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Outbox.Where(r => r.Title == "damaged")
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.MessageJson, "{\"title\": ")));

        var claimed = await _harness.DispatchOnceAsync();

        Assert.Equal(2, claimed);
        Assert.Contains("fine", Assert.Single(_receiver.Received).Body);
        var damaged = (await _harness.RowsAsync()).Single(row => row.Title == "damaged");
        Assert.Equal(OutboxStatus.Dead, damaged.Status);
        Assert.StartsWith("The message could not be read", damaged.LastError);
    }

    [Fact]
    public async Task A_row_that_keeps_failing_is_given_up_after_24_hours()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"));
        _receiver.ForcedStatus = 502;

        for (var hour = 0; hour < 26; hour++)
        {
            await _harness.DispatchOnceAsync();
            _clock.Advance(TimeSpan.FromHours(1));
        }

        var row = Assert.Single(await _harness.RowsAsync());
        Assert.Equal(OutboxStatus.Dead, row.Status);
        Assert.StartsWith("Gave up after", row.LastError);
        Assert.InRange(row.Attempts, 20, 30);
    }

    [Fact]
    public async Task A_429_makes_the_channel_wait_as_long_as_asked()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"), (SampleMessages.Failure("second"), "run-2"));
        _receiver.NextRetryAfter = 30;

        await _harness.DispatchOnceAsync();
        _clock.Advance(TimeSpan.FromSeconds(29));
        var tooEarly = await _harness.DispatchOnceAsync();
        _clock.Advance(TimeSpan.FromSeconds(2));
        var onTime = await _harness.DispatchOnceAsync();

        Assert.Equal(0, tooEarly);
        Assert.Equal(2, onTime);
        Assert.Equal(2, _receiver.Received.Count);
    }

    [Fact]
    public async Task Discords_global_rate_limit_holds_every_discord_channel_without_asking_discord_again()
    {
        await using var discord = new FakeDiscord(globalLimit: 2, globalWindowSeconds: 3); // a window no slow setup straddles
        await discord.StartAsync();
        var channels = new List<Guid>();
        foreach (var id in new[] { "601", "602", "603" })
            channels.Add(await _harness.AddChannelAsync("Discord " + id, new DiscordSettings { WebhookUrl = discord.CreateWebhook(id, "tok") }));
        foreach (var channel in channels) await _harness.EnqueueAsync(channel, (SampleMessages.Failure("first"), "run-1"));

        await _harness.DispatchOnceAsync(); // two fit the window, the third is refused globally
        foreach (var channel in channels) await _harness.EnqueueAsync(channel, (SampleMessages.Failure("second"), "run-2"));
        await _harness.DispatchOnceAsync();

        Assert.Equal((3, 1), (discord.CountRequests(), discord.CountRequests(429)));
        var waiting = (await _harness.RowsAsync()).Where(row => row.Status == OutboxStatus.Pending).ToList();
        Assert.Equal(4, waiting.Count);
        // The refused one's first, and the second of each channel that had sent: each waits for the global limit.
        Assert.Equal(3, waiting.Count(row => row.LastError?.StartsWith("Discord's global rate limit for this server's address") == true));

        // Once Discord's window has passed (its clock is real time, the app's the test's), what waited goes.
        for (var round = 0; round < 10 && (await _harness.RowsAsync()).Any(row => row.Status != OutboxStatus.Sent); round++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            _clock.Advance(TimeSpan.FromSeconds(2));
            await _harness.DispatchOnceAsync();
        }

        Assert.All(await _harness.RowsAsync(), row => Assert.Equal(OutboxStatus.Sent, row.Status));
        Assert.Equal(6, discord.Embeds.Count);
    }

    [Fact]
    public async Task A_channel_back_from_failing_is_tried_with_one_send_and_the_rest_go_together_once_it_works()
    {
        var channel = await WebhookChannelAsync();
        await _harness.WithScopeAsync(async services =>
        {
            var outbox = services.GetRequiredService<NotificationOutbox>();
            foreach (var job in Enumerable.Range(0, 12).Select(i => $"job-{i}"))
                await outbox.EnqueueAsync(SampleMessages.Failure(job), channel, job, jobKey: job);
            return await services.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        _receiver.ForcedStatus = 503;
        await _harness.DispatchOnceAsync(); // four sends at once: nothing said the destination was down
        var afterOutage = await _harness.ChannelAsync(channel);
        _clock.SetUtcNow(afterOutage.BlockedUntil!.Value.AddSeconds(1));
        int Requests() { lock (_receiver.Requests) return _receiver.Requests.Count; }
        var requests = Requests();

        await _harness.DispatchOnceAsync();
        var stillDown = await _harness.ChannelAsync(channel);
        var probes = Requests() - requests;
        _receiver.ForcedStatus = null;
        _clock.SetUtcNow(stillDown.BlockedUntil!.Value.AddSeconds(1));
        while (await _harness.DispatchOnceAsync() > 0) _clock.Advance(TimeSpan.FromMinutes(30)); // rows that failed wait out their own retries

        Assert.Equal(4, afterOutage.ConsecutiveFailures);
        Assert.Equal((1, 5), (probes, stillDown.ConsecutiveFailures));
        Assert.All(await _harness.RowsAsync(), row => Assert.Equal(OutboxStatus.Sent, row.Status));
        Assert.Equal(12, _receiver.Received.Count);
        Assert.All(await _harness.RowsAsync(), row => Assert.Equal(1, row.SentTogether)); // a webhook takes one message a call
    }

    [Fact]
    public async Task Retry_now_sends_at_once_through_a_channel_backing_off_after_failures_but_not_through_a_rate_limit()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"));
        _receiver.ForcedStatus = 503;
        for (var attempt = 0; attempt < 10 && !(await _harness.ChannelAsync(channel)).IsNotAnswering; attempt++)
        {
            var due = ChannelWaits.NextAttempt(Assert.Single(await _harness.RowsAsync()), await _harness.ChannelAsync(channel))!.Value; // its own retry, or the channel's backoff
            if (due > _clock.GetUtcNow()) _clock.SetUtcNow(due.AddSeconds(1));
            await _harness.DispatchOnceAsync();
        }

        var backingOff = await _harness.ChannelAsync(channel);
        _receiver.ForcedStatus = null; // the admin fixed the destination
        var row = Assert.Single(await _harness.RowsAsync());
        var retried = await _harness.WithScopeAsync(services => services.GetRequiredService<DeliveryLog>().RetryAsync(row.Id, default));
        await _harness.DispatchOnceAsync();

        Assert.True(backingOff.IsNotAnswering && backingOff.BlockedUntil > _clock.GetUtcNow(), "the channel backs off after its failures");
        Assert.Equal(DeliveryChange.Done, retried);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await _harness.RowsAsync()).Status);
        Assert.False((await _harness.ChannelAsync(channel)).IsNotAnswering);

        // A rate limit is the destination's word: Retry now waits for it.
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure("second"), "run-2"), (SampleMessages.Failure("third"), "run-3"));
        _receiver.NextRetryAfter = 600;
        await _harness.DispatchOnceAsync();
        var limited = (await _harness.RowsAsync()).First(r => r.Status == OutboxStatus.Pending);
        var received = _receiver.Received.Count;
        await _harness.WithScopeAsync(services => services.GetRequiredService<DeliveryLog>().RetryAsync(limited.Id, default));
        await _harness.DispatchOnceAsync();

        Assert.Equal(received, _receiver.Received.Count);
        var waiting = (await _harness.RowsAsync()).Single(r => r.Id == limited.Id);
        var limitedChannel = await _harness.ChannelAsync(channel);
        Assert.Equal((OutboxStatus.Pending, "Waiting for the channel's rate limit.", limitedChannel.BlockedUntil),
            (waiting.Status, ChannelWaits.LastError(waiting, limitedChannel, _clock.GetUtcNow()), ChannelWaits.NextAttempt(waiting, limitedChannel))); // as the delivery log shows it
    }

    [Fact]
    public async Task A_waiting_channels_rows_are_left_as_they_are_each_showing_the_wait_and_one_out_of_time_is_given_up()
    {
        var channel = await WebhookChannelAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure("first"), "run-0"));
        _receiver.NextRetryAfter = 600;
        await _harness.DispatchOnceAsync();
        // More than a batch comes while the channel waits; one of them gives up before the wait ends.
        await _harness.EnqueueAsync(channel, Enumerable.Range(1, 250).Select(i => (SampleMessages.Failure($"F{i}"), $"run-{i}")).ToArray());
        await _harness.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Outbox.Where(r => r.DedupKey == "run-250")
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.GiveUpAt, _clock.GetUtcNow().AddMinutes(1))));
        var requests = _receiver.Received.Count;
        var enqueued = (await _harness.RowsAsync()).ToDictionary(r => r.DedupKey);

        var handled = await _harness.DispatchOnceAsync();

        var waiting = await _harness.ChannelAsync(channel);
        var rows = (await _harness.RowsAsync()).ToDictionary(r => r.DedupKey);
        Assert.Equal(1, handled); // the one given up; the others were not claimed, loaded or rewritten
        Assert.Equal(requests, _receiver.Received.Count);
        Assert.All(Enumerable.Range(1, 249).Select(i => rows[$"run-{i}"]), row => Assert.Equal(
            (OutboxStatus.Pending, enqueued[row.DedupKey].NextAttemptAt, (string?)null, 0, (DateTimeOffset?)null),
            (row.Status, row.NextAttemptAt, row.LastError, row.Attempts, row.ClaimedUntil)));
        // The delivery log reads the wait from the channel.
        Assert.All(Enumerable.Range(1, 249).Select(i => rows[$"run-{i}"]), row => Assert.Equal(
            (waiting.BlockedUntil, "Waiting for the channel's rate limit."),
            (ChannelWaits.NextAttempt(row, waiting), ChannelWaits.LastError(row, waiting, _clock.GetUtcNow()))));
        Assert.Equal(0, await _harness.DispatchOnceAsync()); // nothing more to give up, and nothing claimed while it waits
        Assert.Equal(OutboxStatus.Dead, rows["run-250"].Status);
        Assert.Equal("Gave up after 0 attempts: Waiting for the channel's rate limit.", rows["run-250"].LastError);
        var errors = await _harness.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().SystemEvents.Where(e => e.Type == SystemEventType.SystemError).ToListAsync());
        Assert.Contains("Gave up delivering 1 notification to", Assert.Single(errors).Summary);

        _clock.Advance(TimeSpan.FromSeconds(601));
        while (await _harness.DispatchOnceAsync() > 0) { }
        Assert.Equal(250, (await _harness.RowsAsync()).Count(r => r.Status == OutboxStatus.Sent));
    }

    [Fact]
    public async Task Messages_packed_into_one_discord_call_each_keep_how_many_went_together()
    {
        var channel = await _harness.AddChannelAsync("Discord", new DiscordSettings { WebhookUrl = _discord.CreateWebhook("557", "tok") });
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure("first"), "run-1"), (SampleMessages.Failure("second"), "run-2"), (SampleMessages.Failure("third"), "run-3"));

        while (await _harness.DispatchOnceAsync() > 0) { }

        Assert.Equal(1, _discord.CountRequests());
        Assert.Equal(Enumerable.Repeat((OutboxStatus.Sent, (int?)3), 3), (await _harness.RowsAsync()).Select(row => (row.Status, row.SentTogether)));
    }

    [Fact]
    public async Task A_message_discord_refuses_dies_alone_and_the_ones_packed_with_it_arrive()
    {
        var channel = await _harness.AddChannelAsync("Discord", new DiscordSettings { WebhookUrl = _discord.CreateWebhook("556", "tok") });
        _discord.BlockedWord = "forbidden";
        await _harness.EnqueueAsync(channel,
            (SampleMessages.Failure("first"), "run-1"), (SampleMessages.Failure("forbidden words"), "run-2"), (SampleMessages.Failure("third"), "run-3"));

        while (await _harness.DispatchOnceAsync() > 0) { }

        Assert.Equal(["first", "third"], _discord.Embeds.Select(e => e["title"]!.GetValue<string>().Split(' ')[^1]));
        // Each went alone in the end, and the log says so.
        Assert.Equal(new int?[] { 1, 1 }, (await _harness.RowsAsync()).Where(row => row.Status == OutboxStatus.Sent).Select(row => row.SentTogether));
        var refused = (await _harness.RowsAsync()).Single(row => row.Title == "forbidden words");
        Assert.Equal(OutboxStatus.Dead, refused.Status);
        Assert.Contains("blocked by automatic moderation", refused.LastError);
        Assert.True((await _harness.ChannelAsync(channel)).IsHealthy);
        Assert.Equal(4, _discord.CountRequests()); // the three packed, then each alone
    }

    [Fact]
    public async Task A_discord_webhook_into_a_forum_without_a_thread_pauses_the_channel()
    {
        var channel = await _harness.AddChannelAsync("Discord", new DiscordSettings { WebhookUrl = _discord.CreateWebhook("557", "tok") });
        _discord.IsForum = true;
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure("first"), "run-1"), (SampleMessages.Failure("second"), "run-2"));

        await _harness.DispatchOnceAsync();

        var state = await _harness.ChannelAsync(channel);
        Assert.False(state.IsHealthy);
        Assert.Contains("thread_id", state.LastError);
    }

    [Fact]
    public async Task A_deleted_discord_webhook_kills_the_row_pauses_the_channel_and_raises_one_system_error()
    {
        var url = _discord.CreateWebhook("555", "tok");
        var channel = await _harness.AddChannelAsync("Discord", new DiscordSettings { WebhookUrl = url });
        _discord.DeleteWebhook("555");
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure("first"), "run-1"));

        await _harness.DispatchOnceAsync();
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure("second"), "run-2"));
        await _harness.DispatchOnceAsync();
        _clock.Advance(TimeSpan.FromMinutes(10));
        await _harness.DispatchOnceAsync();

        var rows = await _harness.RowsAsync();
        Assert.Equal(OutboxStatus.Dead, rows[0].Status);
        Assert.StartsWith("Unknown Webhook", rows[0].LastError);
        Assert.Equal(OutboxStatus.Pending, rows[1].Status);
        var waiting = ChannelWaits.LastError(rows[1], await _harness.ChannelAsync(channel), _clock.GetUtcNow());
        Assert.StartsWith("Waiting: the channel failed (Unknown Webhook", waiting);
        Assert.EndsWith("). Fix it, or press Test once it works again.", waiting);
        Assert.DoesNotContain(".).", waiting);
        Assert.Null(ChannelWaits.NextAttempt(rows[1], await _harness.ChannelAsync(channel))); // "when the channel works"
        Assert.Equal(1, _discord.CountRequests()); // the paused channel is not hammered
        var state = await _harness.ChannelAsync(channel);
        Assert.False(state.IsHealthy);
        Assert.StartsWith("Unknown Webhook", state.LastError);
        var errors = await _harness.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().SystemEvents.Where(e => e.Type == SystemEventType.SystemError).ToListAsync());
        Assert.Contains("Discord", Assert.Single(errors).Summary);

        // The admin fixes Discord and presses Test: what waited is delivered.
        _discord.CreateWebhook("555", "tok");
        var test = await _harness.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return await s.GetRequiredService<ChannelTester>().TestAsync(await db.Channels.SingleAsync(c => c.Id == channel), default);
        });
        await _harness.DispatchOnceAsync();

        Assert.True(test is NotifyOrleans.Domain.Notifications.DeliveryResult.Sent, test.ErrorText);
        Assert.Equal(OutboxStatus.Sent, (await _harness.RowsAsync())[1].Status);
        Assert.True((await _harness.ChannelAsync(channel)).IsHealthy);
    }

    [Fact]
    public async Task A_disabled_channel_keeps_its_messages_waiting()
    {
        var channel = await WebhookChannelAsync();
        await _harness.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Channels.Where(c => c.Id == channel)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Enabled, false)));
        await _harness.EnqueueAsync(channel, (SampleMessages.Failure(), "run-1"));

        await _harness.DispatchOnceAsync();

        var row = Assert.Single(await _harness.RowsAsync());
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Empty(_receiver.Received);
    }

    public async Task DisposeAsync()
    {
        _node.Dispose();
        _database.Dispose();
        await _receiver.DisposeAsync();
        await _discord.DisposeAsync();
    }
}

public sealed class OutboxDeliveryTestsOnSqlite() : OutboxDeliveryTests(DatabaseProvider.Sqlite);
public sealed class OutboxDeliveryTestsOnPostgres() : OutboxDeliveryTests(DatabaseProvider.Postgres);
