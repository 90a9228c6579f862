using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>The user grain: <see cref="UserTransitions"/> decides, this class persists.</summary>
[GrainType("user")]
public sealed class UserGrain(IDbContextFactory<AppDbContext> dbs, TimeProvider time) : RowGrain<UserState>(dbs), IUserGrain
{
    public Task<UserSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(UserTransitions.Snapshot(State));

    public Task UpdatePreferencesAsync(NotificationPreferences preferences, CancellationToken cancellationToken = default) =>
        ChangeAsync(_ =>
        {
            UserTransitions.ApplyPreferences(State, preferences, time.GetUtcNow());
            return Task.FromResult((true, true));
        }, cancellationToken);

    public Task RecordLoginAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(_ =>
        {
            UserTransitions.ApplyLogin(State, time.GetUtcNow());
            return Task.FromResult((true, true));
        }, cancellationToken);
}
