using System.Text.Json.Serialization;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Discord;

/// <summary>
/// Builds Discord embeds within Discord's limits: 256 title, 4096 description, 25 fields of
/// 256/1024, and 6000 characters across all embeds of a message. Long text is cut with "…",
/// never refused. Lengths are counted in UTF-16 units, which is never fewer than Discord's count.
/// </summary>
public static class DiscordEmbeds
{
    public const int MaxEmbedsPerMessage = 10;
    public const int MaxTotalCharacters = 6000;
    private const int TitleLimit = 256, DescriptionLimit = 4096, FieldLimit = 25, FieldNameLimit = 256, FieldValueLimit = 1024;
    private const string Footer = "NotifyOrleans";

    public static Embed Build(NotificationMessage message, int budget = MaxTotalCharacters)
    {
        var title = Cut(message.Title, TitleLimit);
        // Discord refuses a field without a name or a value (400, the whole call with it).
        var fields = message.FieldsToShow().Where(f => !string.IsNullOrWhiteSpace(f.Name) && !string.IsNullOrWhiteSpace(f.Value)).Take(FieldLimit)
            .Select(f => new EmbedField(Cut(DiscordText.Plain(f.Name), FieldNameLimit), Cut(DiscordText.Plain(f.Value), FieldValueLimit), f.Inline))
            .ToList();
        var link = message.Links.Count > 0 ? "\n\n" + string.Join(" · ", message.Links.Select(l => $"[{l.Label}]({l.Url})")) : "";
        var remaining = budget - title.Length - Footer.Length - fields.Sum(f => f.Name.Length + f.Value.Length);
        while (remaining < 0 && fields.Count > 0)
        {
            remaining += fields[^1].Name.Length + fields[^1].Value.Length;
            fields.RemoveAt(fields.Count - 1);
        }

        // The links (Acknowledge, Open in NotifyOrleans) are kept whole and the body cut before them:
        // cut together, a long error took the very buttons that deal with it.
        var room = Math.Max(0, Math.Min(DescriptionLimit, remaining));
        var body = DiscordText.Plain(message.Body);
        var description = link.Length < room ? ShortenedBody.Fit(body.Trim(), room - link.Length, text => text.Length) + link : Cut(body + link, room);
        return new Embed(title, description, message.Kind.Color(), message.OccurredAt.UtcDateTime.ToString("O"), fields, new EmbedFooter(Footer));
    }

    /// <summary>How many of the waiting messages fit into one webhook call.</summary>
    public static int HowManyFit(IReadOnlyList<NotificationMessage> waiting)
    {
        var total = 0;
        var count = 0;
        foreach (var message in waiting.Take(MaxEmbedsPerMessage))
        {
            var size = Build(message).Size;
            if (count > 0 && total + size > MaxTotalCharacters) break;
            total += size;
            count++;
        }

        return Math.Max(1, count);
    }

    private static string Cut(string text, int limit)
    {
        text = text.Trim();
        return text.Length <= limit ? text : limit <= 1 ? StoredText.Cut(text, limit) : StoredText.Cut(text, limit - 1).TrimEnd() + "…";
    }

    public sealed record Embed(
        string Title, string Description, int Color, string Timestamp,
        IReadOnlyList<EmbedField> Fields, EmbedFooter Footer)
    {
        /// <summary>The characters Discord counts towards the 6000 limit.</summary>
        [JsonIgnore]
        public int Size => Title.Length + Description.Length + Footer.Text.Length + Fields.Sum(f => f.Name.Length + f.Value.Length);
    }

    public sealed record EmbedField(string Name, string Value, bool Inline);

    public sealed record EmbedFooter(string Text);
}
