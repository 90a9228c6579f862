namespace NotifyOrleans.Domain.Grains.SignIns;

/// <summary>
/// The failed sign-ins of one network address (an IPv4 address, or an IPv6 /64: key <c>address:…</c>)
/// or of one email address that is no account's (<c>account:…</c>), one grain in the whole cluster:
/// a load balancer that spreads the guesses over the nodes no longer multiplies what may be tried.
/// Kept in memory only: a node's loss forgets the counts it held, which costs a guesser a fresh
/// window, never a user their account.
/// </summary>
[Alias("ISignInFailuresGrain")]
public interface ISignInFailuresGrain : IGrainWithStringKey
{
    /// <summary>How long until the address may try again; null when it may now.</summary>
    [Alias("RefusedFor")]
    Task<TimeSpan?> RefusedForAsync(int failuresAllowed, TimeSpan window);

    /// <summary>Counts a failure; true when it was the last one the window allows (said once, in the log).</summary>
    [Alias("Failed")]
    Task<bool> FailedAsync(int failuresAllowed, TimeSpan window);
}
