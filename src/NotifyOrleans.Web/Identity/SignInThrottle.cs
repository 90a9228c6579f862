using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Grains.SignIns;
using Orleans;

namespace NotifyOrleans.Web.Identity;

public sealed class SignInThrottleOptions
{
    public const string Section = "SignInThrottle";

    /// <summary>Failed sign-ins one network address may make per window before it is refused.</summary>
    public int FailuresPerAddress { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>What is wrong with these settings, in a sentence naming them; null when nothing is.</summary>
    public string? Problem() => FailuresPerAddress > 0 && Window > TimeSpan.Zero ? null : "SignInThrottle: FailuresPerAddress and Window must be above 0.";
}

/// <summary>
/// Slows password guessing from one address. Identity's lockout guards one account (5 wrong
/// passwords); this guards the login form against one address trying a few passwords on many
/// accounts, which no account's lockout sees. The count is the cluster's, in one grain per address
/// (<see cref="ISignInFailuresGrain"/>), whichever node the load balancer picks.
/// </summary>
public sealed class SignInThrottle(IGrainFactory grains, IOptions<SignInThrottleOptions> options, ILogger<SignInThrottle> logger)
{
    /// <summary>How long until <paramref name="address"/> may try again; null when it may now.</summary>
    public Task<TimeSpan?> RefusedAsync(IPAddress? address) =>
        GrainOf(address).RefusedForAsync(options.Value.FailuresPerAddress, options.Value.Window);

    public async Task FailedAsync(IPAddress? address)
    {
        // Said once, when the address uses its last try: fail2ban and admins can act on it.
        if (await GrainOf(address).FailedAsync(options.Value.FailuresPerAddress, options.Value.Window))
            logger.LogWarning("Sign-ins from {Address} refused for up to {Window}: {Failures} failed within it",
                NetworkOf(address), options.Value.Window, options.Value.FailuresPerAddress);
    }

    /// <summary>
    /// Counts a wrong password for an address that is no account's, and says whether that address
    /// is now "locked out" as an account would be after as many: a lockout page that only real
    /// accounts reach tells a guesser which addresses have one.
    /// </summary>
    public async Task<bool> NoAccountFailedAsync(string email, LockoutOptions lockout)
    {
        await NoAccount(email).FailedAsync(lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan);
        return await NoAccountLockedOutAsync(email, lockout);
    }

    /// <summary>Whether an address that is no account's has had as many tries as lock an account out.</summary>
    public async Task<bool> NoAccountLockedOutAsync(string email, LockoutOptions lockout) =>
        await NoAccount(email).RefusedForAsync(lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan) is not null;

    private ISignInFailuresGrain NoAccount(string email) => grains.GetGrain<ISignInFailuresGrain>("account:" + email.Trim().ToUpperInvariant());

    private ISignInFailuresGrain GrainOf(IPAddress? address) => grains.GetGrain<ISignInFailuresGrain>("address:" + NetworkOf(address));

    /// <summary>
    /// What counts as one address: an IPv4 address; for IPv6 its /64, the network one household or
    /// server is given, whose 2^64 addresses would otherwise each get their own tries. No address
    /// (a Unix socket behind a proxy without forwarded headers): all such callers count as one.
    /// </summary>
    internal static string NetworkOf(IPAddress? address)
    {
        if (address is null) return "none";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
