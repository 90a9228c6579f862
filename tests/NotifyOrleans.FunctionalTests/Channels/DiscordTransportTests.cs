using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.Infrastructure.Channels.Discord;

namespace NotifyOrleans.FunctionalTests.Channels;

public sealed class DiscordTransportTests : IAsyncLifetime
{
    private readonly FakeDiscord _discord = new(bucketSize: 5, windowSeconds: 10); // a window six sends fill even on a busy machine
    private readonly DiscordTransport _transport = new(new SimpleHttpClientFactory(), new DiscordGlobalLimit(TimeProvider.System));
    private string _webhook = "";

    public async Task InitializeAsync()
    {
        await _discord.StartAsync();
        _webhook = _discord.CreateWebhook();
    }

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private DiscordSettings Settings(string? url = null) => new() { WebhookUrl = url ?? _webhook };

    [Fact]
    public async Task A_message_becomes_a_red_embed_with_fields_sent_with_wait_true()
    {
        var result = await _transport.SendAsync(Settings(), [SampleMessages.Failure()], null, default);

        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Contains("wait=true", _discord.Requests.Single().Path);
        Assert.Equal(200, _discord.Requests.Single().Status);
        var embed = Assert.Single(_discord.Embeds);
        Assert.Equal("❌ Backup Documents on nas-01 failed", embed["title"]!.GetValue<string>());
        Assert.Equal(0xCF222E, embed["color"]!.GetValue<int>());
        Assert.Contains(embed["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "Server" && f["value"]!.GetValue<string>() == "nas-01");
        Assert.Equal("Backup Manager", _discord.Payloads.Single()["username"]!.GetValue<string>());
        Assert.Empty(_discord.Payloads.Single()["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task A_field_with_nothing_to_say_is_left_out_since_discord_refuses_an_empty_value()
    {
        var message = SampleMessages.Failure() with { Fields = [new MessageField("Server", "nas-01", true), new MessageField("Error", "\n ", false)] };

        var result = await _transport.SendAsync(Settings(), [message], null, default);

        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
        Assert.Equal(["Server"], Assert.Single(_discord.Embeds)["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Text_beyond_discords_limits_is_cut_and_still_delivered()
    {
        var huge = SampleMessages.Failure(new string('T', 400), new string('x', 9000)) with
        {
            Fields = Enumerable.Range(0, 40).Select(i => new MessageField(new string('n', 300), new string('v', 2000))).ToList(),
        };

        var result = await _transport.SendAsync(Settings(), [huge], null, default);

        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
        var embed = Assert.Single(_discord.Embeds);
        Assert.True(embed["title"]!.GetValue<string>().Length <= 256);
        Assert.StartsWith("[…]\nxx", embed["description"]!.GetValue<string>()); // the body is cut, its end kept; its link after it stays whole
    }

    [Fact]
    public async Task A_long_failure_packed_with_short_messages_keeps_its_text_and_its_links()
    {
        var failure = SampleMessages.Failure("Backup failed", new string('x', 2500)); // a Duplicati list of locked files
        var messages = new[] { failure }.Concat(Enumerable.Range(1, 9).Select(i => SampleMessages.Success($"Backup {i} succeeded"))).ToList();
        var alone = SampleMessages.Failure("Backup failed", new string('y', 5000));

        var fit = _transport.HowManyFit(messages);
        await _transport.SendAsync(Settings(), messages[..fit], null, default);
        await _transport.SendAsync(Settings(), [alone], null, default);

        Assert.Equal(10, fit);
        var packed = _discord.Embeds[0]["description"]!.GetValue<string>();
        Assert.StartsWith(new string('x', 2500), packed); // not cut to a tenth of 6,000
        Assert.EndsWith("[Open in NotifyOrleans](http://hub.example/jobs/1)", packed);
        var cut = _discord.Embeds[^1]["description"]!.GetValue<string>();
        Assert.Contains("…", cut);
        Assert.EndsWith("[Open in NotifyOrleans](http://hub.example/jobs/1)", cut); // the body is cut, not the link
    }

    [Fact]
    public async Task Up_to_ten_messages_are_packed_into_one_call_within_6000_characters()
    {
        var messages = Enumerable.Range(1, 25).Select(i => SampleMessages.Failure($"Backup {i} failed", new string('x', 300))).ToList();

        var fit = _transport.HowManyFit(messages);
        var result = await _transport.SendAsync(Settings(), messages[..fit], null, default);

        Assert.Equal(10, fit);
        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
        Assert.Equal(10, _discord.Embeds.Count);
        Assert.Equal(1, _discord.CountRequests());
    }

    [Fact]
    public async Task Long_messages_pack_fewer_embeds_so_the_6000_total_holds()
    {
        var messages = Enumerable.Range(1, 10).Select(i => SampleMessages.Failure($"Backup {i} failed", new string('x', 2500))).ToList();

        var fit = _transport.HowManyFit(messages);
        var result = await _transport.SendAsync(Settings(), messages[..fit], null, default);

        Assert.InRange(fit, 1, 3);
        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
    }

    [Fact]
    public async Task A_deleted_webhook_is_a_permanent_unknown_webhook()
    {
        var result = await _transport.SendAsync(Settings(_discord.BaseUrl + "/api/webhooks/999/nope"), [SampleMessages.Failure()], null, default);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.StartsWith("Unknown Webhook", failure.Error);
        Assert.Contains("404", failure.Error);
    }

    [Fact]
    public async Task A_wrong_token_is_a_permanent_invalid_webhook_token()
    {
        var result = await _transport.SendAsync(Settings(_webhook.Replace("secret-token-abc", "forged")), [SampleMessages.Failure()], null, default);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.StartsWith("Invalid Webhook Token", failure.Error);
        Assert.Contains("401", failure.Error);
    }

    [Fact]
    public async Task The_last_call_of_a_bucket_reports_the_cool_down_and_a_429_its_retry_after()
    {
        DeliveryResult? fifth = null;
        for (var i = 0; i < 5; i++) fifth = await _transport.SendAsync(Settings(), [SampleMessages.Failure()], null, default);
        var sixth = await _transport.SendAsync(Settings(), [SampleMessages.Failure()], null, default);

        var cooled = Assert.IsType<DeliveryResult.Sent>(fifth);
        Assert.NotNull(cooled.CoolDown);
        var limited = Assert.IsType<DeliveryResult.RetryAfter>(sixth);
        Assert.StartsWith("You are being rate limited", limited.Error);
        Assert.InRange(limited.Delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));
    }
}
