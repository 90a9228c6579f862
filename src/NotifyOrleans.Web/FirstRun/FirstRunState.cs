using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.FirstRun;

/// <summary>
/// Whether the first admin exists yet. Once true it stays true for the life of the process, so
/// the check costs one query per request only on a brand-new installation.
/// </summary>
public sealed class FirstRunState(IServiceScopeFactory scopes)
{
    private volatile bool _hasUsers;

    public async Task<bool> NeedsSetupAsync(CancellationToken cancellationToken)
    {
        if (_hasUsers) return false;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        _hasUsers = await db.Users.AnyAsync(cancellationToken);
        return !_hasUsers;
    }

    public void MarkSetUp() => _hasUsers = true;

    private readonly SemaphoreSlim _settingUp = new(1, 1);

    /// <summary>
    /// Runs the first admin's creation once: two Setup forms sent at the same moment both found no
    /// user and made two admins. The second waits, finds the first admin, and is sent on.
    /// (One node: a first run is one person on one machine; a cluster's nodes start on a database
    /// that has its admin, or one made with <c>users create</c>.)
    /// </summary>
    public async Task<TResult> SetUpOnceAsync<TResult>(Func<Task<TResult>> setUp, Func<TResult> alreadyDone, CancellationToken cancellationToken)
    {
        await _settingUp.WaitAsync(cancellationToken);
        try
        {
            return await NeedsSetupAsync(cancellationToken) ? await setUp() : alreadyDone();
        }
        finally
        {
            _settingUp.Release();
        }
    }
}
