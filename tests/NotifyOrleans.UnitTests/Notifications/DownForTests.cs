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
    [InlineData(3 * 3600 + 300, "3h 05m")] // a recovery, a repeat
    public void Is_left_out_under_a_minute(double secondsDown, string? expected)
    {
        var context = new NotificationContext { DownSince = Deadline, Timestamp = Deadline.AddSeconds(secondsDown) };

        Assert.Equal(expected, context.ToVariables()["downFor"]);
    }
}
