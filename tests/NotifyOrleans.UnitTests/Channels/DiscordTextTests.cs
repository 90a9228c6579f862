using NotifyOrleans.Infrastructure.Channels.Discord;

namespace NotifyOrleans.UnitTests.Channels;

/// <summary>What a report says reaches Discord as written: its markdown characters escaped, its web addresses whole.</summary>
public sealed class DiscordTextTests
{
    [Theory]
    [InlineData(@"C:\Data\_old\*.bak", @"C:\\Data\\\_old\\\*.bak")]
    [InlineData("__pycache__ could not be read", @"\_\_pycache\_\_ could not be read")]
    [InlineData("[Re-login](https://evil.example/x)", @"\[Re-login\](https://evil.example/x)")] // no link hidden behind words
    [InlineData("see https://wiki.example/run_books#backup_failed for help", "see https://wiki.example/run_books#backup_failed for help")]
    [InlineData("- one\n  + two\nnas-01", "\\- one\n  \\+ two\nnas-01")]
    [InlineData("# not a heading <t:1700000000> > quote", @"\# not a heading \<t:1700000000\> \> quote")]
    [InlineData("Backup Documents on nas-01 failed", "Backup Documents on nas-01 failed")]
    public void Text_reaches_discord_as_written(string text, string sent) => Assert.Equal(sent, DiscordText.Plain(text));
}
