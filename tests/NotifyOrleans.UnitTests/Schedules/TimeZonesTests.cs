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

    [Theory]
    [InlineData("Asia/Calcutta", "Asia/Kolkata")] // as Chromium names it
    [InlineData("Europe/Kiev", "Europe/Kyiv")]
    [InlineData("America/Buenos_Aires", "America/Argentina/Buenos_Aires")]
    [InlineData("Asia/Kolkata", "Asia/Kolkata")]
    [InlineData("UTC", "UTC")]
    public void A_zones_older_name_is_kept_as_the_lists(string id, string expected)
    {
        Assert.Equal(expected, TimeZones.Listed(id));
        Assert.Contains(expected, TimeZones.All);
    }

    [Fact]
    public void A_saved_zone_the_list_lacks_is_offered_in_its_place_in_the_list()
    {
        var choices = TimeZones.ChoicesWith("Asia/Calcutta");

        Assert.Contains("Asia/Calcutta", choices);
        Assert.Equal(choices.Order(StringComparer.Ordinal), choices);
    }
}
