namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>A read-only copy of a user grain's state, safe to hand to pages.</summary>
[GenerateSerializer, Immutable, Alias("UserSnapshot")]
public sealed record UserSnapshot(
    NotificationPreferences Preferences,
    int LoginCount,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset? PreferencesUpdatedAt,
    IReadOnlyList<Subscription> Subscriptions);
