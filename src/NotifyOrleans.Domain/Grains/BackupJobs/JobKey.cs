namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// The identity of a backup job: <c>server/job</c>, trimmed and lower-cased, so "NAS-01" and
/// "nas-01 " are one server. The one owner of the names' limits: every parser checks names
/// here, and the grain key, the history and the outbox store this value (at most
/// <see cref="MaxLength"/> characters) without cutting it.
/// </summary>
public readonly record struct JobKey
{
    /// <summary>A server or job name alone.</summary>
    public const int NameMaxLength = 200;

    /// <summary>The whole key: the grain key limit, and the width of every JobKey column.</summary>
    public const int MaxLength = 256;

    public string Value { get; }

    private JobKey(string value) => Value = value;

    /// <summary>Why these names cannot make a key, naming "server" or "job"; null when they can.</summary>
    public static (string Field, string Message)? Check(string? serverName, string? jobName)
    {
        var server = serverName?.Trim() ?? "";
        var job = jobName?.Trim() ?? "";
        if (server.Length == 0) return ("server", "The server name is empty.");
        if (server.Any(char.IsControl)) return ("server", "The server name contains control characters.");
        // The key is server/job: a '/' in the server would let two jobs share one key.
        if (server.Contains('/')) return ("server", "A server name cannot contain '/'.");
        if (job.Any(char.IsControl)) return ("job", "The job name contains control characters.");
        if (server.Length > NameMaxLength) return ("server", $"A server name is at most {NameMaxLength} characters (this one has {server.Length}).");
        if (job.Length == 0) return ("job", "The job name is empty.");
        if (job.Length > NameMaxLength) return ("job", $"A job name is at most {NameMaxLength} characters (this one has {job.Length}).");
        if (server.Length + 1 + job.Length > MaxLength)
            return ("job", $"Server and job names are at most {MaxLength - 1} characters together; with this server name the job name can have {MaxLength - 1 - server.Length}.");
        return null;
    }

    /// <exception cref="ArgumentException">The names fail <see cref="Check"/> (parsers check first).</exception>
    public static JobKey Of(string serverName, string jobName) => Check(serverName, jobName) is { } problem
        ? throw new ArgumentException(problem.Message, problem.Field == "server" ? nameof(serverName) : nameof(jobName))
        : new JobKey($"{serverName.Trim().ToLowerInvariant()}/{jobName.Trim().ToLowerInvariant()}");

    public override string ToString() => Value;
}
