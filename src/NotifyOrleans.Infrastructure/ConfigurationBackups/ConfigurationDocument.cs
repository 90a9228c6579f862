using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.ConfigurationBackups;

/// <summary>
/// An export of the whole configuration, as one JSON file: what a fresh instance needs to work like
/// this one. Never in it: password hashes, API tokens, run history, the delivery log, older
/// template versions. Secrets are
/// encrypted with the backup passphrase (<see cref="SecretBox"/>) or left out.
/// </summary>
public sealed record ConfigurationDocument(
    string Format,
    int Version,
    DateTimeOffset ExportedAt,
    SealedSecrets? Secrets,
    IReadOnlyList<ChannelExport> Channels,
    IReadOnlyList<JobExport> Jobs,
    IReadOnlyList<SettingExport> Settings,
    IReadOnlyList<UserExport> Users,
    IReadOnlyList<IngestKeyExport> IngestKeys,
    IReadOnlyList<TemplateExport>? Templates = null)
{
    public const string FormatName = "notifyorleans-configuration";
    public const int CurrentVersion = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>How the secrets were sealed: the salt of the passphrase's key, and a check that an import's passphrase is the same.</summary>
/// <param name="Check">A known text sealed with the key: opens only with the right passphrase.</param>
public sealed record SealedSecrets(string Algorithm, string Salt, int Iterations, string Check);

/// <param name="Settings">The channel's settings without secrets, as stored.</param>
/// <param name="Secrets">The secrets (SMTP password, webhook URL, tokens) sealed with the passphrase, or null when left out.</param>
/// <param name="HasSecrets">Whether any secret has a value (an Email channel without a login has none): only such a channel
/// needs them entered after an import without them. Null in files made before it was recorded.</param>
public sealed record ChannelExport(Guid Id, string Name, string Kind, bool Enabled, JsonObject Settings, string? Secrets, bool? HasSecrets = null);

public sealed record JobExport(string Server, string Job, JsonObject Settings);

public sealed record SettingExport(string Key, JsonNode? Value);

/// <summary>A person without their password; with what they chose on My notifications (null in files made before those were exported).</summary>
public sealed record UserExport(string Id, string Email, string DisplayName, string Role, bool Disabled, string TimeZone, bool EmailOnOwnLogin,
    IReadOnlyList<Subscription>? Subscriptions = null, QuietHours? QuietHours = null, SummarySchedule? Summary = null);

/// <summary>A template an admin changed (those in use; the built-in ones are not exported).</summary>
/// <param name="Channel">The kind of channel the wording is for; null for all channels (and in backups made before kinds had their own).</param>
public sealed record TemplateExport(string EventType, string Title, string Body, int Priority, string Tags,
    ChannelKind? Channel = null, string? HtmlBody = null, string? Fields = null);

/// <summary>Ingest keys as their hashes: the backup tools keep reporting with the keys they have.</summary>
public sealed record IngestKeyExport(Guid Id, string Name, string? Server, string? Job, string Hash, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
