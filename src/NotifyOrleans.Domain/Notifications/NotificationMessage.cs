namespace NotifyOrleans.Domain.Notifications;

/// <summary>A labelled value shown as a structured field (Discord embed field, email table row).</summary>
/// <param name="SaidInBody">
/// Every body of the message says it in full (a failure's error text): channels that show the body
/// beside the fields leave it out (<see cref="NotificationMessage.FieldsToShow"/>); a webhook's
/// <c>fields</c> still has it, for a receiver that reads <c>fields.Error</c>.
/// </param>
public sealed record MessageField(string Name, string Value, bool Inline = true, bool SaidInBody = false);

/// <summary>A link the receiver can follow (the job page, an acknowledge link).</summary>
/// <param name="Acts">Following it does something (acknowledges): ntfy sends it as a POST from the notification's button.</param>
public sealed record MessageLink(string Label, string Url, bool Acts = false);

/// <summary>
/// One channel-neutral notification: what happened, rendered from a template, before any channel
/// turns it into an email, an embed or an ntfy message.
/// </summary>
/// <param name="EventType">The template's event type, e.g. <c>backup.failure</c> (see <see cref="EventTypes"/>).</param>
/// <param name="HtmlBody">The email body as HTML (the text body is always present too).</param>
/// <param name="Priority">ntfy priority 1–5; other channels use <see cref="Kind"/>.</param>
/// <param name="Variants">The wording an admin wrote for one kind of channel, used instead of the shared one there (<see cref="For"/>).</param>
/// <param name="TimeZoneId">The time zone its times are given in, when it was rendered for one reader; null: UTC.</param>
public sealed record NotificationMessage(
    string EventType,
    NotificationKind Kind,
    string Title,
    string Body,
    string? HtmlBody,
    IReadOnlyList<MessageField> Fields,
    IReadOnlyList<MessageLink> Links,
    DateTimeOffset OccurredAt,
    int Priority = 3,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<ChannelKind, MessageVariant>? Variants = null,
    string? TimeZoneId = null)
{
    /// <summary>The fields a reader sees below the body: not those the body says in full already.</summary>
    public IEnumerable<MessageField> FieldsToShow() => Fields.Where(field => !field.SaidInBody);

    /// <summary>The message as a channel of this kind sends it: its own wording where the admin wrote one.</summary>
    public NotificationMessage For(ChannelKind channel) =>
        Variants is null ? this
        : Variants.TryGetValue(channel, out var variant) ? this with
        {
            Title = variant.Title,
            Body = variant.Body,
            HtmlBody = variant.HtmlBody ?? HtmlBody,
            Fields = variant.Fields ?? Fields,
            Priority = variant.Priority ?? Priority,
            Tags = variant.Tags ?? Tags,
            Variants = null,
        }
        : this with { Variants = null };

    /// <summary>
    /// A test send (a Test button): "[Test]" leads every wording's title, so that in an inbox or on a
    /// phone's lock screen it is never taken for a real alert.
    /// </summary>
    public NotificationMessage AsTest() => this with
    {
        Title = TestPrefix + Title,
        Variants = Variants?.ToDictionary(v => v.Key, v => v.Value with { Title = TestPrefix + v.Value.Title }),
    };

    public const string TestPrefix = "[Test] ";

    /// <summary>With this priority on every channel (an escalation step's), whatever the wordings say.</summary>
    public NotificationMessage WithPriority(int priority) => this with
    {
        Priority = priority,
        Variants = Variants?.ToDictionary(v => v.Key, v => v.Value with { Priority = null }),
    };
}

/// <summary>
/// One channel kind's own wording of a message. What it leaves null is the shared message's:
/// the HTML body (email), the embed fields (Discord), the priority and tags (ntfy).
/// </summary>
public sealed record MessageVariant(
    string Title,
    string Body,
    string? HtmlBody = null,
    IReadOnlyList<MessageField>? Fields = null,
    int? Priority = null,
    IReadOnlyList<string>? Tags = null);
