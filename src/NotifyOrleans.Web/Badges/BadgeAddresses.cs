using NotifyOrleans.Infrastructure.Jobs;

namespace NotifyOrleans.Web.Badges;

/// <summary>
/// A badge's addresses as a page offers them: <see cref="Path"/> for the page's own preview (on the
/// address the page was reached at, which works whatever Links:PublicUrl says), and the full
/// addresses to paste into another site, on the console's public address when one is set.
/// </summary>
/// <param name="Name">What the badge shows, as a Markdown image's text names it.</param>
public sealed record BadgeAddresses(string Name, string Path, string Svg, string Json)
{
    public static async Task<BadgeAddresses> ForAsync(BadgeSubject subject, string name, BadgeLinks badges, IncidentLinks links, HttpRequest request,
        CancellationToken cancellationToken)
    {
        var path = await badges.PathAsync(subject, "svg", cancellationToken);
        var json = await badges.PathAsync(subject, "json", cancellationToken);
        var root = links.Console()?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        return new BadgeAddresses(name, path, root + path, root + json);
    }

    /// <summary>
    /// The badge as a Markdown image. Its alt text escapes what Markdown reads: a "]" ended the text
    /// early (no image, just the line), a "|" split a table's row.
    /// </summary>
    public string Markdown => $"![{System.Text.RegularExpressions.Regex.Replace(Name, @"[\\\[\]|*_`<>]", @"\$0")}]({Svg})";
}
