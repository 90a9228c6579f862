using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace NotifyOrleans.Web.Identity;

public sealed class SignInThrottleOptions
{
    public const string Section = "SignInThrottle";

    /// <summary>Failed sign-ins one network address may make per window before it is refused.</summary>
    public int FailuresPerAddress { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Slows password guessing from one address. Identity's lockout guards one account (5 wrong
/// passwords); this guards the login form against one address trying a few passwords on many
/// accounts, which no account's lockout sees. Only failures count, so people behind one NAT who
/// sign in often are never refused. Per node: a cluster behind a load balancer allows this many per
/// node, which still turns thousands of guesses an hour into dozens.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInThrottleOptions> options, ILogger<SignInThrottle> logger) : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailuresPerAddress,
            Window = options.Value.Window,
            QueueLimit = 0,
        }));

    /// <summary>How long until <paramref name="address"/> may try again; null when it may now.</summary>
    public TimeSpan? Refused(IPAddress? address)
    {
        using var lease = _failures.AttemptAcquire(Key(address), permitCount: 0); // 0: asks without taking
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.Window;
    }

    public void Failed(IPAddress? address)
    {
        using var lease = _failures.AttemptAcquire(Key(address));
        // Said once, when the address uses its last try: fail2ban and admins can act on it.
        if (lease.IsAcquired && _failures.GetStatistics(Key(address))?.CurrentAvailablePermits == 0)
            logger.LogWarning("Sign-ins from {Address} refused for up to {Window}: {Failures} failed within it",
                address, options.Value.Window, options.Value.FailuresPerAddress);
    }

    /// <summary>No address (a Unix socket behind a proxy without forwarded headers): all such callers count as one.</summary>
    private static IPAddress Key(IPAddress? address) => address ?? IPAddress.None;

    public void Dispose() => _failures.Dispose();
}
