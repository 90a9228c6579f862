using NotifyOrleans.Infrastructure.Access;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// <c>tokens create|list|revoke</c>: API tokens for scripts and dashboards, as <see cref="KeysCommand"/>
/// does for ingest keys. A token is read-write unless made <c>--read-only</c>: the command is mostly
/// run by the provisioning script that is about to configure with it.
/// </summary>
internal static class TokensCommand
{
    public const string Usage = "usage: tokens create --name NAME [--read-only] | tokens list | tokens revoke --name NAME   (NAME: 1-100 characters)";

    /// <returns>Null when it worked, else what to tell the user.</returns>
    public static async Task<string?> RunAsync(IServiceProvider services, string[] args)
    {
        var verb = args.Length > 1 ? args[1] : null;
        var (options, wrong) = verb == "create" ? CommandOptions.Read(args, ["name"], ["read-only"]) : CommandOptions.Read(args, verb == "revoke" ? ["name"] : []);
        if (options is null) return $"{wrong}\n{Usage}";
        var tokens = services.GetRequiredService<ApiTokens>();
        switch (verb)
        {
            case "create" when CommandOptions.IsName(options["name"], ApiTokens.NameMaxLength):
                if (await tokens.ActiveNamedAsync(options["name"]!) is { } sameName) return ApiTokens.NameTaken(sameName);
                var (token, _) = await tokens.CreateAsync(options["name"]!, options.Has("read-only") ? ApiAccess.ReadOnly : ApiAccess.ReadWrite, "command line");
                Console.WriteLine(token);
                return null;
            case "list":
                TextTable.Write(Console.Out, ["NAME", "ACCESS", "TOKEN", "CREATED", "LAST USED"],
                    (await tokens.ListAsync()).Where(t => t.RevokedAt is null)
                        .Select(t => new[] { t.Name, t.Access == ApiAccess.ReadOnly ? "read-only" : "read-write", t.Prefix + "…", TextTable.Moment(t.CreatedAt), TextTable.Moment(t.LastUsedAt) })
                        .ToList());
                return null;
            case "revoke" when CommandOptions.IsName(options["name"], ApiTokens.NameMaxLength):
                if (await tokens.ActiveNamedAsync(options["name"]!) is not { } row) return $"No active token is named '{options["name"]!.Trim()}' (./run.sh tokens list shows them).";
                await tokens.RevokeAsync(row.Id);
                Console.WriteLine($"Revoked the token '{row.Name}' ({row.Prefix}…): every node refuses requests with it within {CredentialCache.TrustedFor.TotalSeconds:0} seconds.");
                return null;
            default:
                return Usage;
        }
    }
}
