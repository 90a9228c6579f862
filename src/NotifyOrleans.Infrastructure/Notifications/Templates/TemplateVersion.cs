using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Notifications.Templates;

/// <summary>
/// One saved version of an event type's template (table TemplateVersions), for all channels or for
/// one kind of channel (<see cref="Channel"/>). The newest version of an event type and channel is
/// the one in use, unless it is a reset: then the built-in default is (for all channels), or the
/// template for all channels is (for one kind). Versions are never changed or deleted, so the
/// history can always be read and any version restored.
/// </summary>
public sealed class TemplateVersion
{
    public const int TitleMaxLength = 300;
    public const int BodyMaxLength = 4000;
    public const int TagsMaxLength = 200;
    public const int HtmlBodyMaxLength = 20000;
    public const int FieldsMaxLength = 4000;

    public long Id { get; set; }
    public string EventType { get; set; } = "";

    /// <summary>The kind of channel this wording is for; null for all channels (the shared template).</summary>
    public ChannelKind? Channel { get; set; }

    /// <summary>1, 2, 3 … per event type (over all its channels); unique with it, so two admins saving at once cannot both be version 4.</summary>
    public int Version { get; set; }

    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public int Priority { get; set; }

    /// <summary>ntfy tags, comma-separated.</summary>
    public string Tags { get; set; } = "";

    /// <summary>The email's HTML body (Email wording only); null: the email channel lays out the text.</summary>
    public string? HtmlBody { get; set; }

    /// <summary>Discord embed fields (Discord wording only), a line each: <c>Name = {{variable}}</c>; null: the usual fields.</summary>
    public string? Fields { get; set; }

    /// <summary>A "reset to default": the built-in template is in use from this version on.</summary>
    public bool IsReset { get; set; }

    public DateTimeOffset SavedAt { get; set; }
    public string SavedBy { get; set; } = "";

    /// <summary>What this version was restored from, if it was.</summary>
    public int? RestoredFrom { get; set; }

    /// <summary>The version as it is sent and edited: normalized again, for versions stored before line endings were (a browser's form sends CRLF).</summary>
    public TemplateDraft ToDraft() => new TemplateDraft(Title, Body, Priority, Tags, HtmlBody ?? "", Fields ?? "").Normalized();
}
