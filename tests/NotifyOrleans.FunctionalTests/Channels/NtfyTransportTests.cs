using System.Text;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.Infrastructure.Channels.Ntfy;

namespace NotifyOrleans.FunctionalTests.Channels;

public sealed class NtfyTransportTests : IAsyncLifetime
{
    private readonly FakeNtfy _ntfy = new(burst: 3, refillSeconds: 60);
    private readonly NtfyTransport _transport = new(new SimpleHttpClientFactory());

    public Task InitializeAsync() => _ntfy.StartAsync();
    public async Task DisposeAsync() => await _ntfy.DisposeAsync();

    private NtfySettings Settings(string topic = "backups") => new() { ServerUrl = _ntfy.BaseUrl, Topic = topic };

    [Fact]
    public async Task A_message_is_published_as_json_to_the_root_url_with_priority_tags_click_and_actions()
    {
        var settings = Settings();
        settings.Tags = "nas";
        settings.Actions = "Runbook, https://wiki.example/runbook";

        var result = await _transport.SendAsync(settings, [SampleMessages.Failure()], null, default);

        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
        var message = Assert.Single(_ntfy.Messages);
        Assert.Equal("backups", message["topic"]!.GetValue<string>());
        Assert.Equal("❌ Backup Documents on nas-01 failed", message["title"]!.GetValue<string>());
        Assert.Equal(5, message["priority"]!.GetValue<int>());
        Assert.Equal(["rotating_light", "nas"], message["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("http://hub.example/jobs/1", message["click"]!.GetValue<string>());
        Assert.Equal(2, message["actions"]!.AsArray().Count);
        Assert.Contains("Server: nas-01", message["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_message_over_4096_bytes_is_cut_and_still_accepted()
    {
        var result = await _transport.SendAsync(Settings(), [SampleMessages.Failure(body: new string('é', 5000))], null, default);

        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
        var text = _ntfy.Messages.Single()["message"]!.GetValue<string>();
        Assert.True(Encoding.UTF8.GetByteCount(text) <= 4096);
        Assert.StartsWith("[…]\néé", text); // the body's end is kept (a log's error is there)
        Assert.Contains("é\n\nServer: nas-01\nBackup: Documents", text); // and the fields after it stay
    }

    [Fact]
    public async Task A_protected_topic_accepts_the_right_token_and_refuses_a_wrong_one_permanently()
    {
        _ntfy.ProtectedTopics["private"] = "tk_good";
        var good = Settings("private");
        good.AccessToken = "tk_good";
        var bad = Settings("private");
        bad.AccessToken = "tk_bad";

        var accepted = await _transport.SendAsync(good, [SampleMessages.Failure()], null, default);
        var refused = await _transport.SendAsync(bad, [SampleMessages.Failure()], null, default);

        Assert.True(accepted is DeliveryResult.Sent, accepted.ErrorText);
        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(refused);
        Assert.StartsWith("Invalid login credentials", failure.Error);
    }

    [Fact]
    public async Task Unknown_credentials_are_refused_on_an_open_topic_too_and_a_refused_topic_is_the_channels_fault()
    {
        var openWithBadToken = Settings("backups");
        openWithBadToken.AccessToken = "tk_bad";

        var refusedOnOpenTopic = await _transport.SendAsync(openWithBadToken, [SampleMessages.Failure()], null, default);
        var badTopic = await _transport.SendAsync(Settings("no spaces allowed"), [SampleMessages.Failure()], null, default);

        Assert.StartsWith("Invalid login credentials", Assert.IsType<DeliveryResult.PermanentFailure>(refusedOnOpenTopic).Error); // as ntfy: anywhere
        Assert.Contains("refused the topic", Assert.IsType<DeliveryResult.PermanentFailure>(badTopic).Error); // the channel's, not one message's
    }

    [Fact]
    public async Task User_and_password_are_sent_as_basic_auth()
    {
        _ntfy.ProtectedTopics["family"] = "phil:pa55";
        var settings = Settings("family");
        settings.Username = "phil";
        settings.Password = "pa55";

        var result = await _transport.SendAsync(settings, [SampleMessages.Failure()], null, default);

        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
    }

    [Fact]
    public async Task A_429_without_retry_after_waits_one_token_of_the_bucket()
    {
        for (var i = 0; i < 3; i++) await _transport.SendAsync(Settings(), [SampleMessages.Failure()], null, default);

        var result = await _transport.SendAsync(Settings(), [SampleMessages.Failure()], null, default);

        var limited = Assert.IsType<DeliveryResult.RetryAfter>(result);
        Assert.StartsWith("You are being rate limited", limited.Error);
        Assert.Equal(TimeSpan.FromSeconds(5), limited.Delay);
    }

    [Fact]
    public async Task Over_ntfy_sh_s_daily_quota_a_publish_waits_for_the_quota_to_refill_one_message()
    {
        _ntfy.DailyMessageLimit = 1;
        await _transport.SendAsync(Settings(), [SampleMessages.Failure()], null, default);

        var result = await _transport.SendAsync(Settings(), [SampleMessages.Failure()], null, default);

        var limited = Assert.IsType<DeliveryResult.RetryAfter>(result);
        Assert.Contains("daily message quota", limited.Error);
        Assert.Equal(TimeSpan.FromMinutes(5.76), limited.Delay); // a day / 250
    }

    [Fact]
    public async Task A_title_a_template_made_long_is_cut_and_the_message_still_accepted()
    {
        var message = SampleMessages.Failure("Documents failed: " + new string('e', 6000), new string('b', 6000));

        var result = await _transport.SendAsync(Settings(), [message], null, default);

        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
        Assert.True(Encoding.UTF8.GetByteCount(Assert.Single(_ntfy.Messages)["title"]!.GetValue<string>()) <= NtfyTransport.MaxTitleBytes);
    }
}
