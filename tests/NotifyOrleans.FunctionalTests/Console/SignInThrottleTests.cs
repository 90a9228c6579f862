using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Identity;

namespace NotifyOrleans.FunctionalTests.Console;

/// <summary>
/// The per-address limit on failed sign-ins over its window (LoginTests has the refusal itself;
/// ClusterProcessTests that the nodes of a cluster share one count).
/// </summary>
public sealed class SignInThrottleTests() : ConsoleTestBase(DatabaseProvider.Sqlite, clock: new FakeTimeProvider(DateTimeOffset.UtcNow))
{
    private FakeTimeProvider Clock => (FakeTimeProvider)App.Services.GetRequiredService<TimeProvider>();

    [Fact]
    public async Task An_address_refused_after_its_failures_may_sign_in_again_when_its_window_ends()
    {
        await SetUpAdminAsync();
        var client = NewClient();
        for (var attempt = 0; attempt < 20; attempt++) await PostLoginAsync(client, $"someone{attempt}@example.test", "Summer2026!");
        Clock.Advance(TimeSpan.FromMinutes(14));
        var stillRefused = await PostLoginAsync(client, AdminEmail, AdminPassword);
        Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        var afterTheWindow = await PostLoginAsync(client, AdminEmail, AdminPassword);

        Assert.Equal((HttpStatusCode)429, stillRefused.StatusCode);
        Assert.InRange(int.Parse(stillRefused.Headers.RetryAfter!.ToString()), 1, 60); // the window runs from the first failure
        Assert.Equal(HttpStatusCode.Redirect, afterTheWindow.StatusCode); // signed in
        Assert.Equal("/", afterTheWindow.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")] // IPv4 on a dual-stack socket: one address, not two
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")] // one household's /64: its 2^64 addresses share the tries
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData(null, "none")]
    public void One_address_is_an_IPv4_address_or_an_IPv6_network(string? address, string counted) =>
        Assert.Equal(counted, SignInThrottle.NetworkOf(address is null ? null : IPAddress.Parse(address)));
}
