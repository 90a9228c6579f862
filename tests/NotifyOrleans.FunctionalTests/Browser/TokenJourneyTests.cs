using System.Net.Http.Headers;
using Microsoft.Playwright;
using NotifyOrleans.FunctionalTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NotifyOrleans.FunctionalTests.Browser;

/// <summary>An admin creates an API token in Chromium, a script uses it, and the admin revokes it.</summary>
public sealed class TokenJourneyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(output);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task A_token_is_shown_once_used_by_a_script_and_revoked_from_the_list()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SetUpAdminAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "API tokens" }).ClickAsync();
        await Expect(page.Locator("#no-tokens")).ToBeVisibleAsync();

        await page.GetByLabel("Name").FillAsync("deploy script");
        await page.GetByLabel("Read-only").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = (await page.Locator("#new-token-value").InnerTextAsync()).Trim();
        await _session.ScreenshotAsync(page, "30-api-token-created");
        // Reloading the answer shows the page again: it does not post the form a second time.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Tokens$"));
        await page.ReloadAsync();
        await Expect(page.Locator("#new-token")).Not.ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-token]")).ToHaveCountAsync(1);

        using var script = new HttpClient { BaseAddress = new Uri(_session.BaseUrl) };
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var used = await script.GetAsync("/api/v1/channels");
        await page.GotoAsync("/Tokens");
        var row = page.Locator("tr[data-token='deploy script']");
        await Expect(page.Locator("#new-token")).Not.ToBeVisibleAsync(); // shown once
        await Expect(row).ToContainTextAsync("read-write");
        await Expect(row).Not.ToContainTextAsync("never"); // its last use is on the list
        await Expect(row).ToContainTextAsync(token[..10]);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(token);

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row).ToContainTextAsync("revoked");
        // The button is gone with the swap: the focus is on the list it was in, not back at the page's start.
        await Expect(page.Locator("#token-table")).ToBeFocusedAsync();
        await _session.ScreenshotAsync(page, "31-api-token-revoked");
        var refused = await script.GetAsync("/api/v1/channels");

        Assert.True(used.IsSuccessStatusCode);
        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Empty(_session.Problems);
    }
}
