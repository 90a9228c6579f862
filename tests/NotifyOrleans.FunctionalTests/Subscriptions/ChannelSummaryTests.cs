using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.Channels;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

namespace NotifyOrleans.FunctionalTests.Subscriptions;

/// <summary>The channels' summary, set on the Notifications page: once per period, Send now, and refused without a channel.</summary>
public abstract class ChannelSummaryTests(DatabaseProvider provider) : ConsoleTestBase(provider), IAsyncLifetime
{
    private readonly FakeDiscord _discord = new();
    private Guid _channel;

    public async Task InitializeAsync()
    {
        await _discord.StartAsync();
        _channel = await new DeliveryHarness(App).AddChannelAsync("Reports", new DiscordSettings { WebhookUrl = _discord.CreateWebhook() });
        var key = await ApiClient.CreateIngestKeyAsync(App);
        foreach (var (server, status) in new[] { ("nas-01", "success"), ("nas-01", "failure"), ("nas-02", "success") })
        {
            var response = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}",
                new StringContent($$"""{"server":"{{server}}","job":"documents","status":"{{status}}"}""", Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode);
        }
    }

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    [Fact]
    public async Task A_daily_summary_of_one_server_reaches_the_channel_once_per_period_and_on_send_now()
    {
        var admin = await SetUpAdminAsync();
        var saved = await admin.SubmitAsync("/Notifications", new Dictionary<string, string>
        {
            ["Summary.Frequency"] = "Daily", ["Summary.At"] = "00:00", ["Summary.TimeZoneId"] = "UTC", ["Summary.Server"] = "nas-01",
            ["Summary.Channels"] = _channel.ToString(), ["Quiet.TimeZoneId"] = "UTC",
        }, "#defaults-form");
        var grain = App.Services.GetRequiredService<IGrainFactory>().GetGrain<IChannelSummaryGrain>(IChannelSummaryGrain.Key);

        var first = await grain.SendDueAsync();
        var again = await grain.SendDueAsync();
        var now = await admin.SubmitAsync("/Notifications", new Dictionary<string, string>(), "#send-channel-summary");
        await new DeliveryHarness(App).DispatchOnceAsync();
        var reminders = await QueryAsync(db => db.Reminders.AsNoTracking().CountAsync(r => r.ReminderName == "channel-summary"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal((1, 0), (first, again));
        Assert.Equal(HttpStatusCode.Redirect, now.StatusCode);
        Assert.Equal(2, _discord.Embeds.Count);
        Assert.All(_discord.Embeds, e => Assert.StartsWith("Backup summary, ", e["title"]!.GetValue<string>()));
        var texts = _discord.Embeds.Select(e => e["description"]!.GetValue<string>()).ToList();
        Assert.Contains(texts, text => text.Contains("1 job, 2 runs: 1 succeeded, 0 with warnings, 1 failed")); // Send now's day up to now (the scheduled one ended at midnight)
        Assert.All(texts, text => Assert.Contains("1 failing and 0 overdue now", text));
        Assert.All(texts, text => Assert.DoesNotContain("nas-02", text));
        Assert.Equal(1, reminders);
    }

    [Fact]
    public async Task A_summary_whose_only_channel_is_switched_off_is_warned_of_when_saved_and_when_sent_now()
    {
        var admin = await SetUpAdminAsync();
        await QueryAsync(db => db.Channels.Where(c => c.Id == _channel).ExecuteUpdateAsync(set => set.SetProperty(c => c.Enabled, false)));

        await admin.SubmitAsync("/Notifications", new Dictionary<string, string>
        {
            ["Summary.Frequency"] = "Weekly", ["Summary.At"] = "08:00", ["Summary.TimeZoneId"] = "UTC",
            ["Summary.Channels"] = _channel.ToString(), ["Quiet.TimeZoneId"] = "UTC",
        }, "#defaults-form");
        var savedToast = (await admin.GetDocumentAsync("/Notifications")).QuerySelector("#toasts .alert")!;
        await admin.SubmitAsync("/Notifications", new Dictionary<string, string>(), "#send-channel-summary");
        var sentToast = (await admin.GetDocumentAsync("/Notifications")).QuerySelector("#toasts .alert")!;

        Assert.Contains("The summary goes to no channel: Reports.", savedToast.TextContent);
        Assert.Contains("No summary sent: its channels are switched off (Reports).", sentToast.TextContent);
        Assert.Empty(_discord.Embeds);
    }

    [Fact]
    public async Task A_summary_without_a_channel_is_refused_at_the_field_and_nothing_is_saved()
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.SubmitAsync("/Notifications", new Dictionary<string, string>
        {
            ["Summary.Frequency"] = "Weekly", ["Summary.At"] = "08:00", ["Summary.TimeZoneId"] = "UTC", ["Quiet.TimeZoneId"] = "UTC",
        }, "#defaults-form");
        var page = await FormClient.ParseAsync(response);
        var stored = await QueryAsync(db => db.AppSettings.CountAsync(s => s.Key == AppSetting.ChannelSummaryKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Choose at least one channel to send the summary to.", page.QuerySelector("[data-field-error='Summary.Channels']")!.TextContent.Trim());
        Assert.Equal(0, stored);
    }
}

public sealed class ChannelSummaryTestsOnSqlite() : ChannelSummaryTests(DatabaseProvider.Sqlite);
public sealed class ChannelSummaryTestsOnPostgres() : ChannelSummaryTests(DatabaseProvider.Postgres);
