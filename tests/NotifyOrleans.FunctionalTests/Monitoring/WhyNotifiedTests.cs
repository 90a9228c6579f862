using System.Text;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>"Why was I (not) notified?" for runs, on the job page and in the API, as decided when each run came.</summary>
public abstract class WhyNotifiedTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    [Fact]
    public async Task Each_run_says_which_channels_were_told_which_were_not_and_why_and_what_became_of_the_message()
    {
        var admin = await SetUpAdminAsync();
        var harness = new DeliveryHarness(App);
        var pager = await harness.AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });
        var chat = await harness.AddChannelAsync("Chat", new WebhookSettings { Url = "http://127.0.0.1:9/chat" });
        var api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadOnly));
        var write = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        await write.JsonAsync("PATCH", "/api/v1/jobs/nas-01/nightly",
            $$"""{"failuresBeforeAlert":2,"assignments":[{"channel":"{{pager}}","when":["failure"]},{"channel":"{{chat}}","when":["success"]}]}""");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        foreach (var run in new[] { "r1", "r2" })
        {
            var response = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}",
                new StringContent($$"""{"server":"nas-01","job":"nightly","status":"failure","runId":"{{run}}"}""", Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var (status, runs, _) = await api.JsonAsync("GET", "/api/v1/jobs/nas-01/nightly/runs");
        var page = await admin.GetDocumentAsync("/Jobs/Details?id=nas-01%2Fnightly");

        Assert.Equal(200, status);
        var (second, first) = (runs!.AsArray()[0]!, runs.AsArray()[1]!);
        Assert.Equal("r1", first["runId"]!.GetValue<string>());
        var firstPager = first["told"]!.AsArray().Single(e => e!["channelName"]!.GetValue<string>() == "Pager")!;
        Assert.Equal((false, "Not told: failure 1 of 2 in a row; the job alerts from the 2nd."), (firstPager["told"]!.GetValue<bool>(), firstPager["why"]!.GetValue<string>()));
        var secondPager = second["told"]!.AsArray().Single(e => e!["channelName"]!.GetValue<string>() == "Pager")!;
        Assert.Equal((true, "Failure notice", "pending"), (secondPager["told"]!.GetValue<bool>(), secondPager["why"]!.GetValue<string>(), secondPager["delivery"]!["status"]!.GetValue<string>()));
        var secondChat = second["told"]!.AsArray().Single(e => e!["channelName"]!.GetValue<string>() == "Chat")!;
        Assert.Equal("Not told: it asks for successes, and the run was a failure.", secondChat["why"]!.GetValue<string>());

        var rows = page.QuerySelectorAll("#history tbody tr");
        Assert.StartsWith("who was told: 1 (1 waiting), not: 1, for the run that ended ", rows[0].QuerySelector("[data-route] summary")!.TextContent); // not yet sent: said; and of which run, for a screen reader
        Assert.StartsWith("who was told: 0, not: 2, for the run that ended ", rows[1].QuerySelector("[data-route] summary")!.TextContent);
        Assert.Contains("failure 1 of 2 in a row", rows[1].QuerySelector($"[data-channel='{pager}']")!.TextContent);
        Assert.Equal("Pending", rows[0].QuerySelector($"[data-channel='{pager}'] [data-delivery]")!.TextContent);
    }
}

public sealed class WhyNotifiedTestsOnSqlite() : WhyNotifiedTests(DatabaseProvider.Sqlite);
public sealed class WhyNotifiedTestsOnPostgres() : WhyNotifiedTests(DatabaseProvider.Postgres);
