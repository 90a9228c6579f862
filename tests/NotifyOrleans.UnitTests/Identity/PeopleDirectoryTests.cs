using NotifyOrleans.Infrastructure.Identity;

namespace NotifyOrleans.UnitTests.Identity;

/// <summary>A Member reads colleagues by display name where texts were written with addresses; only whole addresses are names.</summary>
public sealed class PeopleDirectoryTests
{
    private static readonly PeopleDirectory People = new([new Person("1", "al@example.com", "Al", false), new Person("2", "bo@example.com", "", false)]);

    [Theory]
    [InlineData("Acknowledged by al@example.com", "Acknowledged by Al")]
    [InlineData("Acknowledged by AL@Example.com (notification link)", "Acknowledged by Al (notification link)")]
    [InlineData("Could not email al@example.com, bo@example.com.", "Could not email Al, a person.")]
    [InlineData("Could not email val@example.com", "Could not email val@example.com")]
    [InlineData("Paused by al@example.com.au", "Paused by al@example.com.au")]
    public void Each_whole_address_of_an_account_reads_as_its_display_name(string text, string shown) =>
        Assert.Equal(shown, People.NamesInsteadOfAddresses(text));
}
