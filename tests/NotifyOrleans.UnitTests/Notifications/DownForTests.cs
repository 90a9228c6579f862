using NotifyOrleans.Infrastructure.Notifications;

namespace NotifyOrleans.UnitTests.Notifications;

/// <summary>"Down for" in an incident's notices: how long it has lasted, once that says something.</summary>
public sealed class DownForTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 5, 15, 33, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.002, null)]          // the first Overdue notice, sent as the deadline passes ("Down for: 2ms" was sent)
    [InlineData(59, null)]
    [InlineData(60, "1m 00s")]
    [InlineData(3 * 3600 + 300, "3h 05m")] // a repeat, a later escalation step
    public void Is_left_out_of_an_incidents_notices_under_a_minute(double secondsDown, string? expected)
    {
        var context = new NotificationContext { DownSince = Deadline, Timestamp = Deadline.AddSeconds(secondsDown), Status = "Overdue" };

        Assert.Equal(expected, context.ToVariables()["downFor"]);
    }

    [Fact]
    public void A_recovery_says_how_long_it_lasted_however_short() =>
        Assert.Equal("12s", new NotificationContext { DownSince = Deadline, Timestamp = Deadline.AddSeconds(12), Status = "Success" }.ToVariables()["downFor"]);
}
