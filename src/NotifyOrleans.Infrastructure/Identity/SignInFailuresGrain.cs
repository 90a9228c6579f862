using NotifyOrleans.Domain.Grains.SignIns;
using Orleans;

namespace NotifyOrleans.Infrastructure.Identity;

/// <summary>
/// A fixed window from the address's first failure: as many failures as allowed, then refusal
/// until the window ends. Only failures count, so people behind one NAT who sign in often are
/// never refused. The limit and window come with each call (the options of the node that asks),
/// so the grain needs no configuration of its own.
/// </summary>
[GrainType("signin-failures")]
public sealed class SignInFailuresGrain(TimeProvider time) : Grain, ISignInFailuresGrain
{
    private DateTimeOffset _windowEnds;
    private int _failures;

    public Task<TimeSpan?> RefusedForAsync(int failuresAllowed, TimeSpan window)
    {
        var left = _windowEnds - time.GetUtcNow();
        return Task.FromResult<TimeSpan?>(_failures >= failuresAllowed && left > TimeSpan.Zero ? left : null);
    }

    public Task<bool> FailedAsync(int failuresAllowed, TimeSpan window)
    {
        var now = time.GetUtcNow();
        if (now >= _windowEnds) (_windowEnds, _failures) = (now + window, 0);
        _failures++;
        // Idle grains are collected after Orleans' collection age; the count must outlive that.
        DelayDeactivation(_windowEnds - now);
        return Task.FromResult(_failures == failuresAllowed);
    }
}
