using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Schedules;

public sealed class ElapsedTests
{
    [Theory]
    [InlineData(14, "14ms")] // borg's small run: "0s" read as no time at all
    [InlineData(232, "232ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(245_000, "4m 05s")]
    [InlineData(3_900_000, "1h 05m")]
    [InlineData(86_340_000, "23h 59m")]
    [InlineData(962_880_000, "11d 03h")] // a long incident: not "267h 28m"
    [InlineData(1_500, "1.5s", "de-DE")] // the server's culture does not turn it into "1,5s"
    public void Durations_read_as_people_say_them(long milliseconds, string expected, string culture = "en-US")
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
        try
        {
            Assert.Equal(expected, Durations.Elapsed(TimeSpan.FromMilliseconds(milliseconds)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }
}
