using System.Text.Json.Nodes;
using NotifyOrleans.FunctionalTests.Channels;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace NotifyOrleans.FunctionalTests.Delivery;

/// <summary>
/// Delivery in real time with the dispatcher running in the background, as in production: bursts,
/// several nodes, and a node stopped in the middle of a send.
/// </summary>
public abstract class DurabilityTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TestDatabase _database = new(provider);
    private readonly List<AppFactory> _nodes = [];
    private readonly FakeDiscord _discord = new(bucketSize: 5, windowSeconds: 1);
    protected readonly FakeWebhookReceiver Receiver = new();

    public async Task InitializeAsync()
    {
        await _discord.StartAsync();
        await Receiver.StartAsync();
    }

    protected AppFactory StartNode(bool dispatcher = true)
    {
        var node = new AppFactory(provider, sharedDatabase: _database) { BackgroundDispatcher = dispatcher };
        _ = node.Services;
        _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task A_burst_of_300_to_one_discord_webhook_arrives_in_at_most_30_requests_none_lost_none_twice()
    {
        var node = StartNode();
        var harness = new DeliveryHarness(node);
        var channel = await harness.AddChannelAsync("Discord", new DiscordSettings { WebhookUrl = _discord.CreateWebhook() });

        await harness.EnqueueAsync(channel, Enumerable.Range(1, 300).Select(i => (SampleMessages.Failure($"Backup job-{i:000} failed"), $"run-{i}")).ToArray());
        await DeliveryHarness.EventuallyAsync(async () => (await harness.RowsAsync()).All(r => r.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(90), "all 300 sent");

        var titles = _discord.Embeds.Select(e => e["title"]!.GetValue<string>()).ToList();
        Assert.Equal(300, titles.Count);
        Assert.Equal(300, titles.Distinct().Count());
        Assert.True(_discord.CountRequests() <= 30, $"{_discord.CountRequests()} requests");
        Assert.Equal(0, _discord.CountRequests(429)); // the rate-limit headers were respected
    }

    [Fact]
    public async Task A_node_stopped_in_the_middle_of_a_send_loses_nothing()
    {
        var dying = StartNode();
        var harness = new DeliveryHarness(dying);
        var channel = await harness.AddChannelAsync("Slow hook", new WebhookSettings { Url = Receiver.BaseUrl + "/hook" });
        Receiver.Delay = TimeSpan.FromSeconds(30);
        await harness.EnqueueAsync(channel, Enumerable.Range(1, 10).Select(i => (SampleMessages.Failure($"failure {i}"), $"run-{i}")).ToArray());
        await DeliveryHarness.EventuallyAsync(() => Task.FromResult(Receiver.Started > 0), TimeSpan.FromSeconds(10), "a send in flight");

        dying.Dispose(); // stops the host mid-send: the rows stay claimed under its lease
        _nodes.Remove(dying);
        var survivorHarness = new DeliveryHarness(StartNode(dispatcher: false));
        var leftBehind = await survivorHarness.RowsAsync();
        Receiver.Delay = TimeSpan.Zero;
        // The lease (2 minutes) must run out before another node may send: expire it instead of waiting.
        await survivorHarness.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return await db.Outbox.Where(r => r.ClaimedUntil != null).ExecuteUpdateAsync(set => set.SetProperty(r => r.ClaimedUntil, DateTimeOffset.UtcNow.AddSeconds(-1)));
        });
        while (await survivorHarness.DispatchOnceAsync() > 0) { }

        Assert.All(leftBehind, row => Assert.Equal(OutboxStatus.Pending, row.Status));
        Assert.Contains(leftBehind, row => row.ClaimedUntil is not null);
        Assert.All(await survivorHarness.RowsAsync(), row => Assert.Equal(OutboxStatus.Sent, row.Status));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) node.Dispose();
        _database.Dispose();
        await _discord.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class DurabilityTestsOnSqlite() : DurabilityTests(DatabaseProvider.Sqlite);
/// <summary>Several nodes: a cluster runs on PostgreSQL only (a second node on a SQLite file is refused).</summary>
public sealed class DurabilityTestsOnPostgres() : DurabilityTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_nodes_deliver_a_shared_outbox_without_sending_anything_twice()
    {
        var nodeA = StartNode();
        StartNode();
        var harness = new DeliveryHarness(nodeA);
        var channel = await harness.AddChannelAsync("Hook", new WebhookSettings { Url = Receiver.BaseUrl + "/hook" });
        Receiver.Delay = TimeSpan.FromMilliseconds(20);

        await harness.EnqueueAsync(channel, Enumerable.Range(1, 100).Select(i => (SampleMessages.Failure($"failure {i}"), $"run-{i}")).ToArray());
        await DeliveryHarness.EventuallyAsync(async () => (await harness.RowsAsync()).All(r => r.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(60), "all 100 sent");

        var bodies = Receiver.Received.Select(r => JsonNode.Parse(r.Body)!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(100, bodies.Count);
        Assert.Equal(100, bodies.Distinct().Count());
    }
}
