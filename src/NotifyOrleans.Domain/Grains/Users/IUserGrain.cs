namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>
/// One Orleans grain per console user, keyed by the Identity user id. It owns what the
/// notification side needs to know about a person: time zone, direct-notification preferences,
/// login history (its row in UserStates).
/// </summary>
[Alias("IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    [Alias("GetSnapshot")]
    Task<UserSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <exception cref="ArgumentException">The time zone is not a known IANA or Windows id.</exception>
    [Alias("UpdatePreferences")]
    Task UpdatePreferencesAsync(NotificationPreferences preferences, CancellationToken cancellationToken = default);

    [Alias("RecordLogin")]
    Task RecordLoginAsync(CancellationToken cancellationToken = default);
}
