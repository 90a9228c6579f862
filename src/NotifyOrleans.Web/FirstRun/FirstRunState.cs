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
}
