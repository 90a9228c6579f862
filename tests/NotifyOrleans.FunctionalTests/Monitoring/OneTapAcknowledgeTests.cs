using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Ntfy;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>ntfy's Acknowledge button, pressed as the ntfy app presses it: the request its action describes, and nothing else.</summary>
public sealed class OneTapAcknowledgeTests() : ConsoleTestBase(DatabaseProvider.Sqlite), IAsyncLifetime
{
    private readonly FakeNtfy _ntfy = new();

    public Task InitializeAsync() => _ntfy.StartAsync();
    public async Task DisposeAsync() => await _ntfy.DisposeAsync();

    [Fact]
    public async Task The_ntfy_button_acknowledges_the_incident_and_the_job_says_which_topic_it_came_from()
    {
        await SetUpAdminAsync(); // past the first-run setup, which every page waits for
        var harness = new DeliveryHarness(App);
        var channel = await harness.AddChannelAsync("Phones", new NtfySettings { ServerUrl = _ntfy.BaseUrl, Topic = "backups" });
        using (var scope = App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<JobDefaults>().SetAsync([new ChannelAssignment(channel, NotifyCondition.OnFailure)]);
        var key = await ApiClient.CreateIngestKeyAsync(App);
        await App.CreateClient().PostAsync($"/api/v1/runs?key={key}", new StringContent("""{"server":"nas-01","job":"nightly","status":"failure"}""", Encoding.UTF8, "application/json"));
        await harness.DispatchOnceAsync();

        var button = Assert.Single(_ntfy.Messages.Single()["actions"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "http")!;
        var press = new HttpRequestMessage(new HttpMethod(button["method"]!.GetValue<string>()), new Uri(button["url"]!.GetValue<string>()).PathAndQuery)
        {
            Content = new StringContent(button["body"]!.GetValue<string>(), Encoding.UTF8, button["headers"]!["Content-Type"]!.GetValue<string>()),
        };
        var pressed = await App.CreateClient().SendAsync(press);
        var job = await QueryAsync(db => new JobQueries(db).FindAsync("nas-01/nightly"));

        Assert.True(pressed.IsSuccessStatusCode, pressed.StatusCode.ToString());
        Assert.Contains("Acknowledged: repeats and escalation stop", await pressed.Content.ReadAsStringAsync());
        Assert.True(button["clear"]!.GetValue<bool>());
        Assert.Equal("ntfy topic backups (one tap, not signed in)", job!.AcknowledgedBy);
    }
}
