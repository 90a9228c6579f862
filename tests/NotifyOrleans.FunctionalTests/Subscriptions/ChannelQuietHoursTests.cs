using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;

namespace NotifyOrleans.FunctionalTests.Subscriptions;

/// <summary>
/// The admin's quiet hours for a Discord channel (set on the Notifications page): a warning waits
/// for the channel's digest, a failure goes at once, the digest reaches the (fake) Discord as one
/// message when they end. Set around the time the test runs, as in <see cref="SubscriptionTests"/>.
/// </summary>
public abstract class ChannelQuietHoursFunctionalTests(DatabaseProvider provider) : ConsoleTestBase(provider, clock: new FakeTimeProvider(DateTimeOffset.UtcNow)), IAsyncLifetime
{
    private readonly FakeDiscord _discord = new();
    private Guid _channel;
    private string _ingestKey = "";

    private FakeTimeProvider Clock => (FakeTimeProvider)App.Services.GetRequiredService<TimeProvider>();

    public async Task InitializeAsync()
    {
        await _discord.StartAsync();
        _channel = await new DeliveryHarness(App).AddChannelAsync("Night room", new DiscordSettings { WebhookUrl = _discord.CreateWebhook() });
        _ingestKey = await ApiClient.CreateIngestKeyAsync(App);
    }

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private async Task ReportAsync(string status)
    {
        var response = await App.CreateClient().PostAsync($"/api/v1/runs?key={_ingestKey}",
            new StringContent($$"""{"server":"nas-01","job":"documents","status":"{{status}}"}""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Clock.Advance(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Quiet_hours_and_a_summary_not_set_up_yet_offer_the_admins_own_time_zone()
    {
        var admin = await SetUpAdminAsync();
        await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string> { ["Input.TimeZoneId"] = "Europe/Berlin" }, "#preferences-form");

        var page = await admin.GetDocumentAsync("/Notifications");

        Assert.Equal("Europe/Berlin", page.QuerySelector("[name='Quiet.TimeZoneId'] option[selected]")?.GetAttribute("value"));
        Assert.Equal("Europe/Berlin", page.QuerySelector("[name='Summary.TimeZoneId'] option[selected]")?.GetAttribute("value"));
    }

    /// <summary>The admin sets the channel's quiet hours from an hour ago until <paramref name="ends"/> (none: no nightly window), as on the page.</summary>
    private static async Task SetQuietHoursAsync(FormClient admin, Guid channel, DateTimeOffset now, DateTimeOffset? ends)
    {
        var saved = await admin.SubmitAsync("/Notifications", new Dictionary<string, string>
        {
            ["Quiet.TimeZoneId"] = "UTC", ["Quiet.From"] = ends is null ? "" : $"{now.AddHours(-1):HH:mm}", ["Quiet.To"] = ends is { } end ? $"{end:HH:mm}" : "",
            ["Quiet.Channels"] = channel.ToString(), ["Assignments[0].ChannelId"] = channel.ToString(), ["Assignments[0].Condition"] = "Always", ["Assignments[0].Enabled"] = "true",
        }, "#defaults-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    private static DateTimeOffset InFourMinutes(DateTimeOffset now) => new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(4);

    [Fact]
    public async Task A_warning_waits_for_the_channels_digest_and_a_failure_goes_at_once()
    {
        var admin = await SetUpAdminAsync();
        var now = Clock.GetUtcNow();
        var ends = InFourMinutes(now);
        await SetQuietHoursAsync(admin, _channel, now, ends);

        await ReportAsync("warning");
        await ReportAsync("failure");
        var harness = new DeliveryHarness(App);
        await harness.DispatchOnceAsync();
        var atNight = _discord.Embeds.Select(e => e["title"]!.GetValue<string>()).ToList();
        var api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadOnly));
        var (_, runs, _) = await api.JsonAsync("GET", "/api/v1/jobs/nas-01/documents/runs");

        Clock.Advance(ends - Clock.GetUtcNow());
        var carried = await App.Services.GetRequiredService<DigestSender>().SendDueAsync();
        await harness.DispatchOnceAsync();
        var statuses = await QueryAsync(db => db.Outbox.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Status).ToListAsync());

        Assert.Contains("failed", Assert.Single(atNight));
        var warning = runs!.AsArray()[1]!["told"]!.AsArray().Single()!;
        Assert.Contains("held by the channels' quiet hours until", warning["why"]!.GetValue<string>());
        Assert.Equal("held", warning["delivery"]!["status"]!.GetValue<string>());
        Assert.Equal(1, carried);
        Assert.Equal(2, _discord.Embeds.Count);
        Assert.Equal("While you were away: 1 notice (1 warning)", _discord.Embeds[1]["title"]!.GetValue<string>());
        Assert.Contains("The channels' quiet hours held these back", _discord.Embeds[1]["description"]!.GetValue<string>());
        Assert.Equal([OutboxStatus.Digested, OutboxStatus.Sent, OutboxStatus.Sent], statuses);
    }

    [Fact]
    public async Task Quiet_hours_removed_before_they_end_let_what_they_held_out_with_the_next_digest_round()
    {
        var admin = await SetUpAdminAsync();
        var now = Clock.GetUtcNow();
        await SetQuietHoursAsync(admin, _channel, now, InFourMinutes(now));
        await ReportAsync("warning");
        var harness = new DeliveryHarness(App);
        await harness.DispatchOnceAsync();
        var atNight = _discord.Embeds.Count;

        await SetQuietHoursAsync(admin, _channel, Clock.GetUtcNow(), ends: null); // the clock has not reached the old end
        var carried = await App.Services.GetRequiredService<DigestSender>().SendDueAsync();
        await harness.DispatchOnceAsync();

        Assert.Equal(0, atNight);
        Assert.Equal(1, carried);
        Assert.Equal("While you were away: 1 notice (1 warning)", Assert.Single(_discord.Embeds)["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_notice_right_after_the_quiet_hours_were_removed_goes_at_once()
    {
        var admin = await SetUpAdminAsync();
        var now = Clock.GetUtcNow();
        await SetQuietHoursAsync(admin, _channel, now, InFourMinutes(now));
        await ReportAsync("warning"); // the job's grain reads the hours here

        await SetQuietHoursAsync(admin, _channel, Clock.GetUtcNow(), ends: null); // 5 s later
        await ReportAsync("warning");
        await new DeliveryHarness(App).DispatchOnceAsync();
        var statuses = await QueryAsync(db => db.Outbox.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Status).ToListAsync());

        Assert.Equal([OutboxStatus.Held, OutboxStatus.Sent], statuses);
        Assert.DoesNotContain("While you were away", Assert.Single(_discord.Embeds)["title"]!.GetValue<string>());
    }
}

public sealed class ChannelQuietHoursFunctionalTestsOnSqlite() : ChannelQuietHoursFunctionalTests(DatabaseProvider.Sqlite);
public sealed class ChannelQuietHoursFunctionalTestsOnPostgres() : ChannelQuietHoursFunctionalTests(DatabaseProvider.Postgres);
