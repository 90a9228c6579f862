using System.Text;
using System.Text.RegularExpressions;

namespace NotifyOrleans.Infrastructure.Channels.Discord;

/// <summary>
/// Text from backup reports and templates as Discord shows it: as written, like every other channel
/// (templates.md: plain text, escaped by each channel). Discord reads markdown in an embed's
/// description and fields, so <c>__pycache__</c> came out underlined, the backslash of
/// <c>C:\Data\_old</c> was eaten, and <c>[Re-login](https://…)</c> in an error became a link to
/// anywhere. Markdown's characters get a backslash (Discord drops one before any punctuation); web
/// addresses are left whole, since Discord links them and a backslash inside one broke it.
/// </summary>
public static partial class DiscordText
{
    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Address();

    /// <summary>Emphasis, code, spoilers, quotes, headings, links, mentions and timestamps (<c>&lt;t:…&gt;</c>).</summary>
    [GeneratedRegex(@"[\\*_~`|<>#\[\]]")]
    private static partial Regex Markup();

    /// <summary>A list item: a dash or plus first on its line.</summary>
    [GeneratedRegex(@"(?m)^(\s*)([-+])(?=\s)")]
    private static partial Regex ListItem();

    public static string Plain(string text)
    {
        var plain = new StringBuilder(text.Length + 16);
        var at = 0;
        foreach (Match address in Address().Matches(text))
        {
            plain.Append(Escape(text[at..address.Index])).Append(address.Value);
            at = address.Index + address.Length;
        }

        return plain.Append(Escape(text[at..])).ToString();
    }

    private static string Escape(string text) => ListItem().Replace(Markup().Replace(text, @"\$0"), @"$1\$2");
}
