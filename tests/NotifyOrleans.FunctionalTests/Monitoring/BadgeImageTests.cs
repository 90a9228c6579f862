using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NotifyOrleans.Web.Badges;

namespace NotifyOrleans.FunctionalTests.Monitoring;

/// <summary>The badge's SVG: well-formed whatever a job is called, and as wide as its words.</summary>
public sealed class BadgeImageTests
{
    [Fact]
    public void A_name_with_markup_is_text_in_a_well_formed_image()
    {
        var svg = new BadgeImage("<script>alert(1)</script> & \"co\"", "ok", BadgeColor.Green).Svg();

        var title = XDocument.Parse(svg).Root!.Element(XName.Get("title", "http://www.w3.org/2000/svg"))!.Value;
        Assert.Equal("<script>alert(1)</script> & \"co\": ok", title);
        Assert.DoesNotContain("<script>", svg);
    }

    [Fact]
    public void Longer_words_make_a_wider_badge_and_its_numbers_read_alike_in_any_language()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // writes 12,5 where SVG needs 12.5
        try
        {
            var narrow = new BadgeImage("a / b", "ok", BadgeColor.Green).Svg();
            var wide = new BadgeImage("fileserver-01 / nightly documents", "no report yet", BadgeColor.Grey).Svg();

            Assert.True(Width(wide) > Width(narrow) + 150, $"{Width(wide)} against {Width(narrow)}");
            Assert.DoesNotMatch(@"x=""\d+,\d", wide);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    private static int Width(string svg) => int.Parse(Regex.Match(svg, @"<svg [^>]*width=""(\d+)""").Groups[1].Value, CultureInfo.InvariantCulture);
}
