using System.Globalization;
using System.Net;
using System.Text;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Web.Pages.Shared.Jobs;

namespace NotifyOrleans.Web.Badges;

/// <summary>
/// What a job's badge says ("nas-01 / documents | ok"), drawn as the flat two-part badges READMEs
/// show, or given as the JSON of shields.io's endpoint badges.
/// </summary>
/// <param name="Label">What the badge shows on its left, perhaps shortened.</param>
/// <param name="FullLabel">The whole name: the image's title (read out, and shown on hover) and the JSON's label.</param>
public sealed record BadgeImage(string Label, string Message, BadgeColor Color, string? FullLabel = null)
{
    private const int MaxLabel = 60, MaxServer = 24;

    /// <summary>Where the job stands: paused and overdue first (they say the last result is stale), then its last result.</summary>
    public static BadgeImage Of(BackupJobSnapshot job, DateTimeOffset now)
    {
        var (message, color) = JobFormat.Monitoring(job, now) switch
        {
            "paused" => ("paused", BadgeColor.Grey),
            "overdue" => ("overdue", BadgeColor.Red),
            _ => job.Status switch
            {
                RunStatus.Success => ("ok", BadgeColor.Green),
                RunStatus.Warning => ("warning", BadgeColor.Yellow),
                RunStatus.Failure => ("failed", BadgeColor.Red),
                _ => ("no report yet", BadgeColor.Grey),
            },
        };
        return new BadgeImage(Shortened(job.ServerName, job.JobName), message, color, $"{job.ServerName} / {job.JobName}");
    }

    /// <summary>
    /// A server's jobs, or all jobs ("backups"), counted: what is wrong ("2 failed, 1 overdue"; red for
    /// failed or overdue, yellow for warnings only), or how many are fine ("12 ok"). No jobs at all is
    /// grey. A paused job's last result is not counted, as a job's own badge says "paused": nor is it
    /// counted as ok ("1 ok, 1 paused"; all of them paused is grey, "2 paused").
    /// </summary>
    public static BadgeImage Of(JobTally tally)
    {
        var label = tally.Name is { } server ? (server.Length > MaxLabel ? StoredText.Cut(server, MaxLabel - 1) + "…" : server) : "backups";
        var problems = new[] { (tally.Failed, "failed"), (tally.Overdue, "overdue"), (tally.Warnings, tally.Warnings == 1 ? "warning" : "warnings") }
            .Where(p => p.Item1 > 0).Select(p => $"{p.Item1} {p.Item2}").ToList();
        var fine = tally.Jobs - tally.Paused;
        var (message, color) = tally.Jobs == 0 ? ("no jobs", BadgeColor.Grey)
            : problems.Count > 0 ? (string.Join(", ", problems), tally.Failed + tally.Overdue > 0 ? BadgeColor.Red : BadgeColor.Yellow)
            : fine == 0 ? ($"{tally.Paused} paused", BadgeColor.Grey)
            : (tally.Paused > 0 ? $"{fine} ok, {tally.Paused} paused" : $"{fine} ok", BadgeColor.Green);
        return new BadgeImage(label, message, color, tally.Name);
    }

    /// <summary>
    /// "server / job" within 60 characters. A long server name gives way first: of many badges of one
    /// long-named server, the job's name is what tells them apart.
    /// </summary>
    public static string Shortened(string server, string job)
    {
        if (server.Length + job.Length + 3 <= MaxLabel) return $"{server} / {job}";
        if (server.Length > MaxServer) server = StoredText.Cut(server, MaxServer - 1) + "…"; // never half an emoji
        if (server.Length + job.Length + 3 > MaxLabel) job = StoredText.Cut(job, MaxLabel - server.Length - 4) + "…";
        return $"{server} / {job}";
    }

    private string Title => FullLabel ?? Label;

    public string Svg()
    {
        int labelWidth = TextWidth(Label) + 10, messageWidth = TextWidth(Message) + 10, width = labelWidth + messageWidth;
        string label = WebUtility.HtmlEncode(Label), message = WebUtility.HtmlEncode(Message), title = WebUtility.HtmlEncode(Title), fill = Color.Hex;
        string labelX = Middle(0, labelWidth), messageX = Middle(labelWidth, messageWidth);
        var id = Id(); // badges put inline into one page would otherwise share their gradient and clip ids, and clip each other
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{title}: {message}">
            <title>{title}: {message}</title>
            <linearGradient id="s{id}" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
            <clipPath id="r{id}"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>
            <g clip-path="url(#r{id})"><rect width="{labelWidth}" height="20" fill="#555"/><rect x="{labelWidth}" width="{messageWidth}" height="20" fill="{fill}"/><rect width="{width}" height="20" fill="url(#s{id})"/></g>
            <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
            <text x="{labelX}" y="15" fill="#010101" fill-opacity=".3">{label}</text><text x="{labelX}" y="14">{label}</text>
            <text x="{messageX}" y="15" fill="#010101" fill-opacity=".3">{message}</text><text x="{messageX}" y="14">{message}</text>
            </g>
            </svg>
            """;
    }

    /// <summary>The same for the same badge, different for another: 8 hex digits of a hash of what it shows.</summary>
    private string Id() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{Title}\n{Message}\n{Color.Hex}")).AsSpan(0, 4));

    /// <summary>The middle of a part, as SVG writes numbers whatever the server's language ("12.5", never "12,5").</summary>
    private static string Middle(int start, int width) => (start + width / 2.0).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>shields.io's endpoint badge (https://img.shields.io/endpoint?url=…): the same words, in its colours' names.</summary>
    public object ShieldsJson() => new { schemaVersion = 1, label = Title, message = Message, color = Color.Name };

    /// <summary>
    /// About how wide Verdana at 11 px draws the text: no font is at hand to measure with, and a badge
    /// a few pixels too wide or narrow still reads (its text is centred).
    /// </summary>
    internal static int TextWidth(string text)
    {
        var width = 0.0;
        foreach (var rune in text.EnumerateRunes())
            width += rune.Value switch
            {
                'i' or 'l' or 'j' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' => 3.5,
                'f' or 't' or 'r' or 'I' or ' ' or '(' or ')' or '-' or '/' => 4.6,
                'm' or 'w' or 'M' or 'W' or '%' => 10.5,
                >= 'A' and <= 'Z' => 7.6,
                >= '0' and <= '9' => 7,
                < 128 => 6.6,
                _ => Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherLetter ? 11 : 7.5, // CJK and the like are full width
            };
        return (int)Math.Ceiling(width);
    }
}

/// <summary>A badge's colour: its hex for our SVG, its name for shields.io.</summary>
public sealed record BadgeColor(string Hex, string Name)
{
    public static readonly BadgeColor Green = new("#4c1", "brightgreen");
    public static readonly BadgeColor Yellow = new("#dfb317", "yellow");
    public static readonly BadgeColor Red = new("#e05d44", "red");
    public static readonly BadgeColor Grey = new("#9f9f9f", "lightgrey");
}
