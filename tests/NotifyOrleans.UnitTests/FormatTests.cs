using System.Globalization;
using NotifyOrleans.Domain;

namespace NotifyOrleans.UnitTests;

public sealed class FormatTests
{
    [Theory]
    [InlineData("en-US")]
    [InlineData("de-DE")] // a server with LANG=de_DE.UTF-8: the messages are English, numbers too
    [InlineData("fr-FR")]
    public void Numbers_in_messages_read_as_in_the_docs_whatever_the_servers_language(string culture)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            Assert.Equal("12.5 GB", Format.Bytes(13_421_772_800));
            Assert.Equal("12,345", Format.Count(12_345));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
