using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using Xunit.Abstractions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>
/// Every page of the console checked by axe-core (the accessibility engine browsers' own audits
/// use; an npm dev dependency of wwwroot-assets) against WCAG 2 A and AA, with real data on them.
/// </summary>
public sealed class AccessibilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Axe = Path.Combine(Repository.Root, "wwwroot-assets", "node_modules", "axe-core", "axe.min.js");
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(output);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task No_page_has_a_serious_or_critical_wcag_violation()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        var api = new ApiClient(_session.App.CreateClient(), await ApiClient.CreateTokenAsync(_session.App, ApiAccess.ReadWrite));
        var created = await api.SendAsync("POST", "/api/v1/channels", """{"name":"Ops webhook","kind":"webhook","settings":{"url":"http://127.0.0.1:9/hook"}}""");
        var channel = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await api.SendAsync("PUT", "/api/v1/settings/job-defaults", $$"""{"assignments":[{"channel":"{{channel}}","when":["always"]}]}""")).EnsureSuccessStatusCode();
        var key = await ApiClient.CreateIngestKeyAsync(_session.App, "vm");
        using var reporter = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) };
        foreach (var folder in new[] { "01-success", "03-warning-broken-symlink", "04-fail-missing-source" })
            (await reporter.PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent(folder))).EnsureSuccessStatusCode();

        await page.GotoAsync("/Jobs");
        var jobPage = await page.Locator("tr[data-job='vm/anchor-test'] a").GetAttributeAsync("href");
        var pages = new[]
        {
            "/", "/Jobs", jobPage!, "/Deliveries", "/Servers", "/Tokens", "/Channels", $"/Channels/Edit/{channel}", "/Notifications",
            "/SystemNotifications", "/SystemNotifications/Event?type=user-login", "/Templates", "/Users", "/Users/Create",
            "/ConfigurationBackup", "/Events", "/Account/Notifications", "/Identity/Account/Manage",
        };
        var found = new List<string>();
        foreach (var path in pages)
        {
            await page.GotoAsync(path);
            await page.AddScriptTagAsync(new() { Path = Axe });
            var result = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))");
            foreach (var violation in result.EnumerateArray())
                found.Add($"{path}: {violation.GetProperty("id")} ({violation.GetProperty("impact")}) at {string.Join(", ", violation.GetProperty("targets").EnumerateArray())}");
        }

        Assert.True(found.Count == 0, "axe-core found:\n" + string.Join("\n", found));
    }
}
