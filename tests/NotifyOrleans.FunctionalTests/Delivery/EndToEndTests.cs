using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Delivery;

/// <summary>A real Duplicati report in, a Discord message out, with the dispatcher running as in production.</summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private readonly FakeDiscord _discord = new();
    private readonly AppFactory _app = new(DatabaseProvider.Sqlite) { BackgroundDispatcher = true };

    public Task InitializeAsync() => _discord.StartAsync();

    [Fact]
    public async Task A_failed_duplicati_backup_reaches_discord_as_a_red_embed_naming_job_server_and_error()
    {
        var harness = new DeliveryHarness(_app);
        var channel = await harness.AddChannelAsync("Ops", new DiscordSettings { WebhookUrl = _discord.CreateWebhook() });
        string key;
        using (var scope = _app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<JobDefaults>().SetAsync([new ChannelAssignment(channel, NotifyCondition.OnFailure)]);
            (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("vm", null, null, null);
        }

        foreach (var folder in new[] { "01-success", "04-fail-missing-source" })
            await _app.CreateClient().PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent(folder));
        await DeliveryHarness.EventuallyAsync(async () => (await harness.RowsAsync()).Any(r => r.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(30), "the failure delivered");

        var embed = Assert.Single(_discord.Embeds); // the success before it notified nobody (On Failure)
        Assert.Equal("❌ Backup anchor-test on vm failed", embed["title"]!.GetValue<string>());
        Assert.Equal(0xCF222E, embed["color"]!.GetValue<int>());
        Assert.Contains("No valid source folders found", embed["description"]!.GetValue<string>());
        Assert.Contains(embed["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "Server" && f["value"]!.GetValue<string>() == "vm");
        // The failed run examined nothing and says 0 bytes and 0 files: the notice leaves them out rather than say so.
        Assert.DoesNotContain(embed["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() is "Size" or "Files");
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _discord.DisposeAsync();
    }
}
