using NotifyOrleans.Domain;

namespace NotifyOrleans.UnitTests.Schedules;

public sealed class TimeZonesTests
{
    [Theory]
    [InlineData("Etc/UTC", "UTC")] // Debian's /etc/localtime, and most containers'
    [InlineData("Etc/Universal", "UTC")]
    [InlineData("UTC", "UTC")]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("Not/AZone", "UTC")]
    public void A_servers_clock_is_named_as_people_write_its_zone(string localId, string expected) =>
        Assert.Equal(expected, TimeZones.ForServerClock(localId));
}
