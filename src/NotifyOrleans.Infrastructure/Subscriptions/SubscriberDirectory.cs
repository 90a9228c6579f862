using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Subscriptions;

/// <summary>
/// Everyone with subscriptions, kept in memory for the job grains: a report must not cost a query
/// to learn that nobody subscribed. Read again when a user grain on this node changes its
/// subscriptions or quiet hours, and at least every <see cref="Lifetime"/>, which is how a change
/// made on another node (or an account disabled) arrives here.
/// </summary>
public sealed class SubscriberDirectory(IServiceScopeFactory scopes)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private IReadOnlyList<Subscriber> _all = [];
    private long _readAt = long.MinValue; // Environment.TickCount64: freshness is wall-clock time, whatever clock the app runs on
    private int _generation;

    /// <summary>The subscribers whose subscriptions cover this job (for any outcome).</summary>
    public async Task<IReadOnlyList<Subscriber>> CoveringAsync(string serverName, string jobKey, CancellationToken cancellationToken)
    {
        var all = await AllAsync(cancellationToken);
        return all.Count == 0 ? [] : all.Where(s => s.WantsOf(serverName, jobKey) != Outcomes.None).ToList();
    }

    public async Task<IReadOnlyList<Subscriber>> AllAsync(CancellationToken cancellationToken)
    {
        if (IsFresh) return _all;
        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (IsFresh) return _all;
            var generation = Volatile.Read(ref _generation);
            var all = await ReadAsync(cancellationToken);
            _all = all;
            // A change during the read is not in it: then it is read again next time.
            _readAt = generation == Volatile.Read(ref _generation) ? Environment.TickCount64 : long.MinValue;
            return all;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>A user grain on this node changed subscriptions or quiet hours: the next question reads again.</summary>
    public void Changed()
    {
        Interlocked.Increment(ref _generation);
        _readAt = long.MinValue;
    }

    private bool IsFresh => _readAt != long.MinValue && Environment.TickCount64 - _readAt < Lifetime.TotalMilliseconds;

    private async Task<IReadOnlyList<Subscriber>> ReadAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var states = await db.UserStates.AsNoTracking()
            .Select(s => new { UserId = EF.Property<string>(s, GrainKeyModelExtensions.KeyProperty), State = s })
            .ToListAsync(cancellationToken);
        var subscribed = states.Where(s => s.State.Subscriptions.Count > 0).ToList();
        if (subscribed.Count == 0) return [];
        var ids = subscribed.Select(s => s.UserId).ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new { u.Email, u.DisplayName, u.IsDisabled }, cancellationToken);
        return subscribed.Where(s => accounts.ContainsKey(s.UserId))
            .Select(s => new Subscriber(s.UserId, accounts[s.UserId].Email, accounts[s.UserId].DisplayName, accounts[s.UserId].IsDisabled, s.State.TimeZoneId, s.State.QuietHours, s.State.Subscriptions))
            .ToList();
    }
}
