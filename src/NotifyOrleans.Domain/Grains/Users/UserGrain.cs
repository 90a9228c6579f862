using NotifyOrleans.Domain.Runtime;

namespace NotifyOrleans.Domain.Grains.Users;

public sealed class UserGrain(GrainContext<UserState> context) : IUserGrain
{
    private UserState State => context.State.State;

    public Task<UserSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new UserSnapshot(
            new NotificationPreferences(State.TimeZoneId, State.EmailOnOwnLogin),
            State.LoginCount,
            State.LastLoginAt,
            State.PreferencesUpdatedAt));

    public async Task UpdatePreferencesAsync(NotificationPreferences preferences, CancellationToken cancellationToken = default)
    {
        if (!TimeZones.IsKnown(preferences.TimeZoneId))
            throw new ArgumentException($"Unknown time zone '{preferences.TimeZoneId}'.", nameof(preferences));

        State.TimeZoneId = preferences.TimeZoneId;
        State.EmailOnOwnLogin = preferences.EmailOnOwnLogin;
        State.PreferencesUpdatedAt = context.Time.GetUtcNow();
        await context.State.WriteStateAsync(cancellationToken);
    }

    public async Task RecordLoginAsync(CancellationToken cancellationToken = default)
    {
        State.LoginCount++;
        State.LastLoginAt = context.Time.GetUtcNow();
        await context.State.WriteStateAsync(cancellationToken);
    }
}
