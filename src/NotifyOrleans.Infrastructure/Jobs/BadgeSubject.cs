namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// What a status badge shows: one job, a server's jobs, or all jobs. <see cref="Signed"/> is what
/// its address carries and signs: a job's key as it always was ("nas-01/documents", so the job
/// badges made before server badges keep their address), "server:nas-01", or "*". A job's key has
/// a slash and the others none, so no address can be read as another kind.
/// </summary>
public sealed record BadgeSubject(string? JobKey, string? Server)
{
    private const string ServerPrefix = "server:", AllJobs = "*";

    public static BadgeSubject Job(string jobKey) => new(jobKey, null);

    /// <summary>A server's jobs, by its name in any case (the address stays when its reports change case).</summary>
    public static BadgeSubject OfServer(string server) => new(null, server.Trim().ToLowerInvariant());

    public static BadgeSubject All { get; } = new(null, null);

    public string Signed => JobKey ?? (Server is { } server ? ServerPrefix + server : AllJobs);

    /// <summary>The subject an address signed (its signature already checked).</summary>
    public static BadgeSubject Read(string signed) =>
        signed.Contains('/') ? Job(signed)
        : signed == AllJobs ? All
        : signed.StartsWith(ServerPrefix, StringComparison.Ordinal) ? new(null, signed[ServerPrefix.Length..])
        : Job(signed);
}
