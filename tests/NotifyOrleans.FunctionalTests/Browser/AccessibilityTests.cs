using System.Text.Json;
using Microsoft.Playwright;
using NotifyOrleans.FunctionalTests.Infrastructure;
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

    /// <summary>
    /// In each colour mode, as a browser whose system asks for it gets it (the switch left at Auto),
    /// and on a phone, where tables scroll in their own box.
    /// </summary>
    [Theory]
    [InlineData(ColorScheme.Light, false)]
    [InlineData(ColorScheme.Dark, false)]
    [InlineData(ColorScheme.Light, true)]
    public async Task No_page_has_a_serious_or_critical_wcag_violation(ColorScheme colors, bool phone)
    {
        var page = await _session.NewPageAsync(phone ? new ViewportSize { Width = 375, Height = 812 } : null, colors: colors);
        await BrowserSession.SetUpAdminAsync(page);
        var (channel, key) = await _session.ReportJobsNotifyingADeadWebhookAsync();
        await _session.ReportAsync(key, "03-warning-broken-symlink");

        await page.GotoAsync("/Jobs");
        var jobPage = await page.Locator("tr[data-job='vm/anchor-test'] a").GetAttributeAsync("href");
        var found = new List<string>();
        foreach (var path in BrowserSession.ConsolePages(jobPage!, channel))
        {
            await page.GotoAsync(path);
            Assert.Equal(colors.ToString().ToLowerInvariant(), await page.GetAttributeAsync("html", "data-bs-theme"));
            await page.AddScriptTagAsync(new() { Path = Axe });
            var result = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')), why: v.nodes[0].any.map(a => a.message).join('; ') }))");
            foreach (var violation in result.EnumerateArray())
                found.Add($"{path}: {violation.GetProperty("id")} ({violation.GetProperty("impact")}) at {string.Join(", ", violation.GetProperty("targets").EnumerateArray())}: {violation.GetProperty("why")}");
        }

        Assert.True(found.Count == 0, "axe-core found:\n" + string.Join("\n", found));
    }
}
