using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// <c>keys create|list|revoke</c>: ingest keys for a provisioning script. A key is printed once,
/// when it is made (only its hash is kept); the list shows each active key's name, what it may
/// report for, the first characters that recognise it, and when it was made and last used.
/// A key is revoked by its name, which belongs to one active key.
/// </summary>
internal static class KeysCommand
{
    public const string Usage = "usage: keys create --name NAME [--server SERVER] [--job JOB] | keys list | keys revoke --name NAME   (NAME: 1-100 characters)";

    /// <returns>Null when it worked, else what to tell the user.</returns>
    public static async Task<string?> RunAsync(IServiceProvider services, string[] args)
    {
        var verb = args.Length > 1 ? args[1] : null;
        var (options, wrong) = CommandOptions.Read(args, verb == "create" ? ["name", "server", "job"] : verb == "revoke" ? ["name"] : []);
        if (options is null) return $"{wrong}\n{Usage}";
        var keys = services.GetRequiredService<IngestKeys>();
        switch (verb)
        {
            case "create" when CommandOptions.IsName(options["name"], IngestKeys.NameMaxLength):
                return await CreateAsync(keys, options["name"]!, options["server"], options["job"]);
            case "list":
                List(await keys.ListAsync());
                return null;
            case "revoke" when CommandOptions.IsName(options["name"], IngestKeys.NameMaxLength):
                if (await keys.ActiveNamedAsync(options["name"]!) is not { } key) return $"No active key is named '{options["name"]!.Trim()}' (./run.sh keys list shows them).";
                await keys.RevokeAsync(key.Id);
                Console.WriteLine($"Revoked the key '{key.Name}' ({key.Prefix}…): every node refuses its reports within {CredentialCache.TrustedFor.TotalSeconds:0} seconds.");
                return null;
            default:
                return Usage;
        }
    }

    private static async Task<string?> CreateAsync(IngestKeys keys, string name, string? server, string? job)
    {
        if (job is not null && server is null) return "--job needs --server: a job key names both.";
        if (IngestKeys.CheckScope(server, job) is { } problem) return $"--{problem.Field}: {problem.Message}";
        if (await keys.ActiveNamedAsync(name) is { } existing) return IngestKeys.NameTaken(existing);
        var (key, _) = await keys.CreateAsync(name, server, job, "command line");
        Console.WriteLine(key);
        return null;
    }

    private static void List(IEnumerable<IngestKey> keys) =>
        TextTable.Write(Console.Out, ["NAME", "REPORTS FOR", "KEY", "CREATED", "LAST USED"],
            keys.Where(k => k.RevokedAt is null)
                .Select(k => new[] { k.Name, ScopeOf(k), k.Prefix + "…", TextTable.Moment(k.CreatedAt), TextTable.Moment(k.LastUsedAt) })
                .ToList());

    private static string ScopeOf(IngestKey key) =>
        key.ServerName is null ? "any server" : key.JobName is null ? $"server {key.ServerName}" : $"job {key.ServerName}/{key.JobName}";
}
