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
        foreach (var problem in Problems(serverName, jobName)) return problem;
        return null;
    }

    /// <summary>
    /// Every reason these names cannot make a key: the server's and the job's each (a form names both
    /// in one round), and their length together when each is right on its own.
    /// </summary>
    public static IEnumerable<(string Field, string Message)> Problems(string? serverName, string? jobName)
    {
        var server = serverName?.Trim() ?? "";
        var job = jobName?.Trim() ?? "";
        var badServer = ServerProblem(server);
        var badJob = JobProblem(job);
        if (badServer is not null) yield return ("server", badServer);
        if (badJob is not null) yield return ("job", badJob);
        if (badServer is null && badJob is null && server.Length + 1 + job.Length > MaxLength)
            yield return ("job", $"Server and job names are at most {MaxLength - 1} characters together; with this server name the job name can have {MaxLength - 1 - server.Length}.");
    }

    private static string? ServerProblem(string server) =>
        server.Length == 0 ? "The server name is empty."
        : CharactersProblem(server, "server") is { } characters ? characters
        // The key is server/job: a '/' in the server would let two jobs share one key.
        : server.Contains('/') ? "A server name cannot contain '/'."
        : server.Length > NameMaxLength ? $"A server name is at most {NameMaxLength} characters (this one has {server.Length})."
        : null;

    private static string? JobProblem(string job) =>
        job.Length == 0 ? "The job name is empty."
        : CharactersProblem(job, "job") is { } characters ? characters
        : job.Length > NameMaxLength ? $"A job name is at most {NameMaxLength} characters (this one has {job.Length})."
        : null;

    /// <summary>
    /// Characters a name cannot have: control characters; the ones that turn text around (U+202E
    /// after "nightly" shows "gnp.exe" as "exe.png" in every list, mail and chat that prints it); a
    /// name of dots only, which the job's address (/api/v1/jobs/{server}/{job}) reads as folders.
    /// </summary>
    private static string? CharactersProblem(string name, string what) =>
        name.Any(char.IsControl) ? $"The {what} name contains control characters."
        : name.FirstOrDefault(IsDirectionControl) is var turn && turn != default
            ? $"The {what} name contains a text-direction character (U+{(int)turn:X4}), which makes it read as something else."
        : name.FirstOrDefault(IsInvisible) is var hidden && hidden != default
            ? $"The {what} name contains an invisible character (U+{(int)hidden:X4}), which makes it look like another name."
        : name.Length > 0 && name.All(c => c == '.') ? $"A {what} name cannot be only dots: the job's address would read it as a folder."
        : null;

    /// <summary>
    /// A formatting character that shows as nothing ("nas\u200B-01" is a second job that looks like
    /// nas-01): zero-width spaces, word joiners, soft hyphens, a byte-order mark. Not the zero-width
    /// (non-)joiners, which shape Persian and Indic words and emoji, nor the direction controls (above).
    /// </summary>
    private static bool IsInvisible(char c) =>
        char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format && c is not ('\u200C' or '\u200D') && !IsDirectionControl(c);

    /// <summary>The Unicode bidirectional formatting characters: embeddings, overrides, isolates and marks.</summary>
    private static bool IsDirectionControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    /// <exception cref="ArgumentException">The names fail <see cref="Check"/> (parsers check first).</exception>
    public static JobKey Of(string serverName, string jobName) => Check(serverName, jobName) is { } problem
        ? throw new ArgumentException(problem.Message, problem.Field == "server" ? nameof(serverName) : nameof(jobName))
        : new JobKey($"{serverName.Trim().ToLowerInvariant()}/{jobName.Trim().ToLowerInvariant()}");

    public override string ToString() => Value;
}
