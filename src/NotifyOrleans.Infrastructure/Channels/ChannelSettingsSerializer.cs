using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.DataProtection;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Channels.Ntfy;
using NotifyOrleans.Infrastructure.Channels.Webhook;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>
/// Stores a channel's settings in two parts: the plain settings as JSON, and the properties marked
/// <see cref="SecretAttribute"/> as a JSON document encrypted with Data Protection, so that the
/// database, its backups and the logs never hold a secret in plain text.
/// </summary>
public sealed class ChannelSettingsSerializer(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("NotifyOrleans.Channels.Secrets.v1");

    /// <summary>
    /// What is stored in plain text: secrets go to the encrypted part; read-only properties (Kind,
    /// Summary) are derived. Enums by name, so a configuration backup reads "startTls", and a reordered
    /// enum cannot change what a stored number meant; numbers (rows and exports from before) still read.
    /// </summary>
    private static readonly JsonSerializerOptions PlainOptions = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = SettingsOnly(withSecrets: false),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>What the API shows: the plain settings, enums by name.</summary>
    private static readonly JsonSerializerOptions PublicOptions = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = SettingsOnly(withSecrets: false),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>What the API accepts: every setting, secrets too; a property that is no setting is refused, not ignored.</summary>
    private static readonly JsonSerializerOptions EditOptions = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = SettingsOnly(withSecrets: true),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static DefaultJsonTypeInfoResolver SettingsOnly(bool withSecrets) => new()
    {
        Modifiers =
        {
            typeInfo =>
            {
                foreach (var property in typeInfo.Properties.Where(p => p.Set is null || (!withSecrets && IsSecret(p.AttributeProvider))).ToList())
                    typeInfo.Properties.Remove(property);
            },
        },
    };

    public static Type SettingsTypeFor(ChannelKind kind) => kind switch
    {
        ChannelKind.Email => typeof(EmailSettings),
        ChannelKind.Discord => typeof(DiscordSettings),
        ChannelKind.Ntfy => typeof(NtfySettings),
        ChannelKind.Webhook => typeof(WebhookSettings),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static IReadOnlyList<PropertyInfo> SecretProperties(Type settingsType) =>
        settingsType.GetProperties().Where(p => IsSecret(p)).ToList();

    /// <summary>Makes sure the key ring has a key to encrypt with (Data Protection makes the first one at its first use).</summary>
    public void PrepareKeyRing() => _protector.Protect([]);

    public ChannelSettings Read(Channel channel)
    {
        var type = SettingsTypeFor(channel.Kind);
        var settings = (ChannelSettings)(JsonSerializer.Deserialize(channel.SettingsJson, type, PlainOptions) ?? Activator.CreateInstance(type)!);
        var secrets = ReadSecrets(channel);
        foreach (var property in SecretProperties(type))
        {
            if (secrets.TryGetValue(property.Name, out var value)) property.SetValue(settings, value);
        }

        return settings;
    }

    public void Write(Channel channel, ChannelSettings settings)
    {
        var type = settings.GetType();
        channel.Kind = settings.Kind;
        channel.SettingsJson = JsonSerializer.Serialize(settings, type, PlainOptions);
        var secrets = SecretProperties(type).ToDictionary(p => p.Name, p => (string?)p.GetValue(settings));
        channel.ProtectedSecrets = _protector.Protect(JsonSerializer.Serialize(secrets));
    }

    /// <summary>The settings as the API shows them: never a secret.</summary>
    public static JsonObject ToPublicJson(ChannelSettings settings) => JsonSerializer.SerializeToNode(settings, settings.GetType(), PublicOptions)!.AsObject();

    /// <summary>The settings as an API edit starts from: secrets included, for merging a PATCH into.</summary>
    public static JsonObject ToEditJson(ChannelSettings settings) => JsonSerializer.SerializeToNode(settings, settings.GetType(), EditOptions)!.AsObject();

    /// <exception cref="JsonException">A value has the wrong type, or a property is not a setting of this kind (its path says which).</exception>
    public static ChannelSettings FromEditJson(ChannelKind kind, JsonObject json)
    {
        var type = SettingsTypeFor(kind);
        return (ChannelSettings)(json.Deserialize(type, EditOptions) ?? Activator.CreateInstance(type)!);
    }

    /// <summary>The plain settings as a save now would write them (a row from before enums were stored by name reads with names).</summary>
    public static JsonObject PlainJson(Channel channel) => JsonNode.Parse(PlainText(channel))!.AsObject();

    private static string PlainText(Channel channel)
    {
        var type = SettingsTypeFor(channel.Kind);
        return JsonSerializer.Serialize(JsonSerializer.Deserialize(channel.SettingsJson, type, PlainOptions), type, PlainOptions);
    }

    /// <summary>True when the channel holds exactly these settings, secrets included (an edit that changes nothing).</summary>
    public bool Holds(Channel channel, ChannelSettings settings)
    {
        if (channel.Kind != settings.Kind || PlainText(channel) != JsonSerializer.Serialize(settings, settings.GetType(), PlainOptions)) return false;
        var saved = ReadSecrets(channel);
        return SecretProperties(settings.GetType()).All(p => (saved.GetValueOrDefault(p.Name) ?? "") == ((string?)p.GetValue(settings) ?? ""));
    }

    /// <summary>The secrets in plain JSON, for a configuration export to seal with its own passphrase.</summary>
    public string ExportSecrets(Channel channel) => JsonSerializer.Serialize(ReadSecrets(channel));

    /// <summary>Secrets from a configuration export (plain JSON), protected for this instance.</summary>
    public void ImportSecrets(Channel channel, string secretsJson) =>
        channel.ProtectedSecrets = _protector.Protect(JsonSerializer.Serialize(JsonSerializer.Deserialize<Dictionary<string, string?>>(secretsJson) ?? []));

    /// <summary>Names of the secrets that have a value, for "a value is set" hints in forms.</summary>
    public IReadOnlySet<string> SecretsSet(Channel channel) =>
        ReadSecrets(channel).Where(pair => !string.IsNullOrEmpty(pair.Value)).Select(pair => pair.Key).ToHashSet();

    private Dictionary<string, string?> ReadSecrets(Channel channel) => channel.ProtectedSecrets is { Length: > 0 } protectedSecrets
        ? JsonSerializer.Deserialize<Dictionary<string, string?>>(_protector.Unprotect(protectedSecrets)) ?? []
        : [];

    private static bool IsSecret(ICustomAttributeProvider? member) =>
        member?.IsDefined(typeof(SecretAttribute), inherit: true) == true;
}
