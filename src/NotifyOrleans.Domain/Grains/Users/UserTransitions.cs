namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>The user grain's rules as pure functions: state + input + time → new state.</summary>
public static class UserTransitions
{
    public static UserSnapshot Snapshot(UserState state) => new(
        new NotificationPreferences(state.TimeZoneId, state.EmailOnOwnLogin), state.LoginCount, state.LastLoginAt, state.PreferencesUpdatedAt);

    /// <exception cref="ArgumentException">The time zone is not a known IANA or Windows id; the state is unchanged.</exception>
    public static void ApplyPreferences(UserState state, NotificationPreferences preferences, DateTimeOffset now)
    {
        if (!TimeZones.IsKnown(preferences.TimeZoneId))
            throw new ArgumentException($"Unknown time zone '{preferences.TimeZoneId}'.", nameof(preferences));
        state.TimeZoneId = preferences.TimeZoneId;
        state.EmailOnOwnLogin = preferences.EmailOnOwnLogin;
        state.PreferencesUpdatedAt = now;
    }

    public static void ApplyLogin(UserState state, DateTimeOffset now)
    {
        state.LoginCount++;
        state.LastLoginAt = now;
    }
}
