using System.Reflection;
using System.Text.Json;
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

    private static readonly JsonSerializerOptions PlainOptions = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                typeInfo =>
                {
                    // Secrets go to the encrypted part; read-only properties (Kind, Summary) are derived.
                    foreach (var property in typeInfo.Properties.Where(p => p.Set is null || IsSecret(p.AttributeProvider)).ToList())
                        typeInfo.Properties.Remove(property);
                },
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

    /// <summary>Names of the secrets that have a value, for "a value is set" hints in forms.</summary>
    public IReadOnlySet<string> SecretsSet(Channel channel) =>
        ReadSecrets(channel).Where(pair => !string.IsNullOrEmpty(pair.Value)).Select(pair => pair.Key).ToHashSet();

    private Dictionary<string, string?> ReadSecrets(Channel channel) => channel.ProtectedSecrets is { Length: > 0 } protectedSecrets
        ? JsonSerializer.Deserialize<Dictionary<string, string?>>(_protector.Unprotect(protectedSecrets)) ?? []
        : [];

    private static bool IsSecret(ICustomAttributeProvider? member) =>
        member?.IsDefined(typeof(SecretAttribute), inherit: true) == true;
}
