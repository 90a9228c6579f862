using System.ComponentModel.DataAnnotations;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>Marks a settings property as secret: stored encrypted, never logged, never sent to a browser.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>
/// Marks a setting that says where the channel sends to (a host, a URL, how the connection is
/// secured): when it changes, the channel's saved secrets do not follow unless given again.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DestinationAttribute : Attribute;

/// <summary>The settings of one channel kind. Validation attributes give the form messages.</summary>
public abstract class ChannelSettings
{
    public abstract ChannelKind Kind { get; }

    /// <summary>A short, secret-free description for lists ("smtp.example.com:587 → ops@example.com").</summary>
    public abstract string Summary { get; }

    /// <summary>
    /// The secrets as they may travel to the destination, for <see cref="SecretsInErrors"/>: the
    /// <see cref="SecretAttribute"/> properties' values; a kind adds what it derives from them.
    /// </summary>
    public virtual IEnumerable<string> SecretValues() =>
        ChannelSettingsSerializer.SecretProperties(GetType()).Select(p => p.GetValue(this) as string).OfType<string>();

    /// <summary>Checks beyond the attributes; messages are keyed by property name.</summary>
    public virtual IEnumerable<(string Property, string Message)> Validate() => [];
}
