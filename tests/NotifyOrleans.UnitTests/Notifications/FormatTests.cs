using NotifyOrleans.Infrastructure.Notifications;

namespace NotifyOrleans.UnitTests.Notifications;

public sealed class FormatTests
{
    [Theory]
    [InlineData(14, "14ms")] // borg's small run: "0s" read as no time at all
    [InlineData(232, "232ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(245_000, "4m 05s")]
    [InlineData(3_900_000, "1h 05m")]
    [InlineData(86_340_000, "23h 59m")]
    [InlineData(962_880_000, "11d 03h")] // a long incident: not "267h 28m"
    public void Durations_read_as_people_say_them(long milliseconds, string expected) =>
        Assert.Equal(expected, Format.Duration(TimeSpan.FromMilliseconds(milliseconds)));
}
