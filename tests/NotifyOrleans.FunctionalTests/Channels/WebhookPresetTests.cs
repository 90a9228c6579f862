using System.Text.Json;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;

namespace NotifyOrleans.FunctionalTests.Channels;

/// <summary>
/// A webhook channel with one of the form's ready-made bodies reaches its service: a Telegram bot's
/// API (an honest fake) takes a failure with a long log, and its refusals read as its own words.
/// </summary>
public sealed class WebhookPresetTests : IAsyncLifetime
{
    private readonly FakeTelegram _telegram = new();
    private readonly WebhookTransport _transport = new(new SimpleHttpClientFactory());

    public Task InitializeAsync() => _telegram.StartAsync();
    public async Task DisposeAsync() => await _telegram.DisposeAsync();

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
