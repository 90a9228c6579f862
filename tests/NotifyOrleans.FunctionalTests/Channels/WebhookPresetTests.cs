using System.Text.Json;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;

namespace NotifyOrleans.FunctionalTests.Channels;

/// <summary>
/// A webhook channel with one of the form's ready-made bodies reaches its service: a Telegram bot's
/// API and an Apprise API (honest fakes) take a failure with a long log, and their refusals read as
/// their own words.
/// </summary>
public sealed class WebhookPresetTests : IAsyncLifetime
{
    private readonly FakeTelegram _telegram = new();
    private readonly FakeApprise _apprise = new();
    private readonly WebhookTransport _transport = new(new SimpleHttpClientFactory());

    public async Task InitializeAsync()
    {
        await _telegram.StartAsync();
        await _apprise.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _telegram.DisposeAsync();
        await _apprise.DisposeAsync();
    }

    private static WebhookSettings Apprise(string url) => new() { Url = url, BodyTemplate = WebhookPresets.All.Single(preset => preset.Id == "apprise").Template };

    private static string TelegramBody(string chat) =>
        WebhookPresets.All.Single(preset => preset.Id == "telegram").Template.Replace("CHAT ID", chat, StringComparison.Ordinal);

    private static NotificationMessage LongFailure() => SampleMessages.Failure("❌ Backup documents on nas-01 failed",
        "The backup failed.\n\n" + string.Join("\n", Enumerable.Range(1, 500).Select(i => $"copying file {i} of 500: /home/ada/Documents/report-{i}.pdf"))
        + "\nError: No space left on device");

    [Fact]
    public async Task A_failure_with_a_long_log_reaches_Telegram_shortened_to_what_it_takes()
    {
        var settings = new WebhookSettings { Url = _telegram.SendMessageUrl, BodyTemplate = TelegramBody(FakeTelegram.ChatId) };
        Assert.Empty(settings.Validate());

        var result = await _transport.SendAsync(settings, [LongFailure()], null, default);

        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
        var text = Assert.Single(_telegram.Messages).GetProperty("text").GetString()!;
        Assert.InRange(text.Length, 3000, 4096);
        Assert.StartsWith("❌ Backup documents on nas-01 failed\n\nThe backup failed.\n\n[…]\n", text);
        Assert.Contains("Error: No space left on device", text);
    }

    [Fact]
    public async Task The_chat_left_to_fill_in_is_refused_in_Telegrams_words()
    {
        var result = await _transport.SendAsync(new WebhookSettings { Url = _telegram.SendMessageUrl, BodyTemplate = TelegramBody("CHAT ID") },
            [SampleMessages.Failure()], null, default);

        Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Contains("Bad Request: chat not found", result.ErrorText);
        Assert.Empty(_telegram.Messages);
    }

    [Fact]
    public async Task A_wrong_bot_token_fails_the_channel_and_is_not_repeated_in_the_error()
    {
        var result = await _transport.SendAsync(new WebhookSettings { Url = $"{_telegram.BaseUrl}/bot999:wrong/sendMessage", BodyTemplate = TelegramBody(FakeTelegram.ChatId) },
            [SampleMessages.Failure()], null, default);

        Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.Contains("Unauthorized", result.ErrorText);
        Assert.DoesNotContain("999:wrong", result.ErrorText);
    }

    [Fact]
    public async Task An_Apprise_API_takes_a_failure_and_a_system_event_as_types_it_knows()
    {
        var failure = await _transport.SendAsync(Apprise(_apprise.NotifyUrl()), [LongFailure()], null, default);
        var system = await _transport.SendAsync(Apprise(_apprise.NotifyUrl()), [SampleMessages.Failure() with { Kind = NotificationKind.System }], null, default);

        Assert.True(failure is DeliveryResult.Sent, failure.ErrorText);
        Assert.True(system is DeliveryResult.Sent, system.ErrorText); // "system" itself would be refused with a 400
        Assert.Equal(["failure", "info"], _apprise.Notices.Select(notice => notice.GetProperty("type").GetString()));
        Assert.Contains("\nError: No space left on device\n", _apprise.Notices[0].GetProperty("body").GetString()); // Apprise takes the log whole
    }

    [Fact]
    public async Task A_key_with_no_configuration_is_not_sent_though_Apprise_answers_204()
    {
        var result = await _transport.SendAsync(Apprise(_apprise.NotifyUrl("backup")), [SampleMessages.Failure()], null, default);

        Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.Contains("no configuration saved under the key in the URL", result.ErrorText);
        Assert.DoesNotContain("backup", result.ErrorText); // the key is part of the secret address
        Assert.Empty(_apprise.Notices);
    }

    [Fact]
    public async Task A_service_behind_Apprise_that_failed_is_tried_again_not_the_channel_paused()
    {
        var result = await _transport.SendAsync(Apprise(_apprise.NotifyUrl(FakeApprise.FailingKey)), [SampleMessages.Failure()], null, default);

        Assert.IsType<DeliveryResult.TransientFailure>(result);
        Assert.Contains("424 Failed Dependency", result.ErrorText);
    }

    [Fact]
    public void Each_ready_made_body_is_in_the_channels_guide_as_the_form_offers_it()
    {
        var guide = File.ReadAllText(Path.Combine(Repository.Root, "docs", "channels.md"));

        Assert.All(WebhookPresets.All, preset =>
        {
            Assert.Contains($"**{preset.Service}**. URL: {preset.Address}.", guide);
            if (preset.Template.Length > 0) Assert.Contains($"```json\n{preset.Template}\n```", guide);
            if (preset.Headers is { } headers) Assert.Contains($"`{headers.Split(": ")[0]}: …`, {headers.Split(": ", 2)[1]}.", guide);
        });
    }
}
