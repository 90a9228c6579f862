using NotifyOrleans.Domain;

namespace NotifyOrleans.UnitTests;

public sealed class CountsTests
{
    [Theory]
    [InlineData(0, "channel", null, "0 channels")]
    [InlineData(1, "channel", null, "1 channel")]
    [InlineData(3, "failed attempt", null, "3 failed attempts")]
    [InlineData(2, "recovery", "recoveries", "2 recoveries")]
    public void A_count_is_written_as_people_write_it(int count, string one, string? many, string said) =>
        Assert.Equal(said, Counts.Of(count, one, many));
}
