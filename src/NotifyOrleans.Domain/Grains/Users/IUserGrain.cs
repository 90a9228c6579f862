using NotifyOrleans.Domain.Runtime;

namespace NotifyOrleans.Domain.Grains.Users;

/// <summary>
/// One grain per console user, keyed by the Identity user id. It owns what the notification side
/// needs to know about a person: time zone, direct-notification preferences, login history.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    Task<UserSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <exception cref="ArgumentException">The time zone is not a known IANA or Windows id.</exception>
    Task UpdatePreferencesAsync(NotificationPreferences preferences, CancellationToken cancellationToken = default);

    Task RecordLoginAsync(CancellationToken cancellationToken = default);
}
