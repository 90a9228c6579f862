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

    [Theory]
    [InlineData("nas-01", "documents", "nas-01 / documents")]
    [InlineData("backup-host-01.frankfurt-datacenter.example-company.internal", "postgres-daily", "backup-host-01.frankfur… / postgres-daily")]
    [InlineData("srv", "a-job-name-of-seventy-characters-which-no-badge-shows-in-full-at-all-x", "srv / a-job-name-of-seventy-characters-which-no-badge-shows…")]
    public void A_long_server_name_gives_way_first_so_the_job_still_tells_badges_apart(string server, string job, string shown)
    {
        Assert.Equal(shown, BadgeImage.Shortened(server, job));
        Assert.True(shown.Length <= 60, $"{shown.Length} characters");
    }

    [Fact]
    public void A_name_is_never_cut_inside_an_emoji()
    {
        var shown = BadgeImage.Shortened(new string('a', 22) + "😀😀" + new string('b', 20), new string('j', 40));

        Assert.Equal(new string('a', 22) + "… / " + new string('j', 33) + "…", shown); // the emoji that would have been cut in two goes whole
        Assert.DoesNotContain(shown, char.IsSurrogate);
    }

    [Fact]
    public void The_whole_name_is_the_title_and_two_badges_inline_in_one_page_keep_their_own_ids()
    {
        var first = new BadgeImage("backup-host-01.frankfur… / postgres-daily", "ok", BadgeColor.Green, "backup-host-01.frankfurt-datacenter.example-company.internal / postgres-daily").Svg();
        var second = new BadgeImage("nas-01 / documents", "no report yet", BadgeColor.Grey).Svg();

        Assert.Contains("<title>backup-host-01.frankfurt-datacenter.example-company.internal / postgres-daily: ok</title>", first);
        string Ids(string svg) => string.Join(",", Regex.Matches(svg, @" id=""([^""]+)""").Select(m => m.Groups[1].Value));
        Assert.Empty(Ids(first).Split(',').Intersect(Ids(second).Split(',')));
    }

    private static int Width(string svg) => int.Parse(Regex.Match(svg, @"<svg [^>]*width=""(\d+)""").Groups[1].Value, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(0, 0, 0, 0, 0, "no jobs", "lightgrey")]
    [InlineData(12, 0, 0, 0, 0, "12 ok", "brightgreen")]
    [InlineData(12, 0, 0, 3, 0, "3 warnings", "yellow")]
    [InlineData(12, 0, 1, 1, 0, "1 overdue, 1 warning", "red")]
    [InlineData(12, 2, 1, 0, 0, "2 failed, 1 overdue", "red")]
    [InlineData(12, 0, 0, 0, 2, "10 ok, 2 paused", "brightgreen")] // a paused job is not said to be ok
    [InlineData(2, 0, 0, 0, 2, "2 paused", "lightgrey")] // a whole server in maintenance: not green
    public void A_group_of_jobs_says_what_is_wrong_with_how_many_or_how_many_are_fine(int jobs, int failed, int overdue, int warnings, int paused, string message, string color)
    {
        var badge = BadgeImage.Of(new NotifyOrleans.Infrastructure.Jobs.JobTally("nas-01", jobs, failed, overdue, warnings, paused));

        Assert.Equal((message, color), (badge.Message, badge.Color.Name));
        Assert.Equal("nas-01", badge.Label);
    }

    [Fact]
    public void All_jobs_are_called_backups_and_a_long_server_name_is_shortened_with_its_whole_name_as_the_title()
    {
        var all = BadgeImage.Of(new NotifyOrleans.Infrastructure.Jobs.JobTally(null, 3, 0, 0, 0, 0));
        Assert.Equal("backups", all.Label);
        Assert.Contains("<title>backups: 3 ok</title>", all.Svg()); // one name in the image, its title and the JSON
        var server = new string('s', 70);
        var badge = BadgeImage.Of(new NotifyOrleans.Infrastructure.Jobs.JobTally(server, 1, 0, 0, 0, 0));
        Assert.Equal(60, badge.Label.Length);
        Assert.Contains($"<title>{server}: 1 ok</title>", badge.Svg());
    }
}
