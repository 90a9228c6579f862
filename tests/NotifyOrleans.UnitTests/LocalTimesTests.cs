using NotifyOrleans.Domain;

namespace NotifyOrleans.UnitTests;

public sealed class LocalTimesTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("Monitoring paused by Ada until 2026-12-04 20:08 UTC.", "Monitoring paused by Ada until 2026-12-04 15:08 (America/New_York).")]
    [InlineData("Overdue: no run by 2026-07-01 03:45:30 UTC (expected 2026-07-01 02:45 UTC).", "Overdue: no run by 2026-06-30 23:45:30 (America/New_York) (expected 2026-06-30 22:45 (America/New_York)).")]
    [InlineData("Monitoring resumed: the pause ended.", "Monitoring resumed: the pause ended.")]
    [InlineData("Run 2026-12-04 20:08 UTCX is not a time in UTC", "Run 2026-12-04 20:08 UTCX is not a time in UTC")]
    public void Times_written_in_UTC_are_read_in_the_readers_zone(string text, string read)
    {
        Assert.Equal(read, LocalTimes.InZone(text, NewYork));
    }

    [Fact]
    public void A_reader_in_UTC_reads_the_text_as_written()
    {
        const string text = "Monitoring paused by Ada until 2026-12-04 20:08 UTC.";
        Assert.Equal(text, LocalTimes.InZone(text, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("America/New_York", "Overdue: no run by 2026-06-30 23:45:30 (expected 2026-06-30 22:45).")]
    [InlineData("UTC", "Overdue: no run by 2026-07-01 03:45:30 (expected 2026-07-01 02:45).")]
    public void Under_a_heading_that_names_the_zone_each_time_is_bare(string zone, string read) =>
        Assert.Equal(read, LocalTimes.InZone("Overdue: no run by 2026-07-01 03:45:30 UTC (expected 2026-07-01 02:45 UTC).", TimeZoneInfo.FindSystemTimeZoneById(zone), named: false));
}
