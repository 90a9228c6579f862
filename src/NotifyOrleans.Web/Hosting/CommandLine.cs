using NotifyOrleans.Infrastructure.ConfigurationBackups;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// Commands for scripted set-ups, run instead of the web server: ingest keys (<see cref="KeysCommand"/>)
/// and API tokens (<see cref="TokensCommand"/>), each printed alone on a line when it is made (shown
/// this once), listed and revoked; users (<see cref="UsersCommand"/>); and for configuration
/// backups, <c>config export</c> (prints the file's path) and <c>config import FILE</c> (prints
/// what it imported; the passphrase is the configured one); <c>health</c> asks a running node
/// (<see cref="HealthCommand"/>).
/// </summary>
public static class CommandLine
{
    private const string ConfigUsage = "usage: config export | config import FILE";

    private static readonly string[] Commands = ["keys", "tokens", "users", "config", "health"];
    private static readonly string[] HelpWords = ["help", "--help", "-h"];

    private const string Help = """
        NotifyOrleans: without a command, starts the web console and the API (./run.sh serves NOTIFYORLEANS_URLS, http://127.0.0.1:5000 unless set).
        Commands (each prints its result on standard output; a key or token is shown this once):
          keys create --name NAME [--server SERVER] [--job JOB]   an ingest key, for a server or one job
          keys list                                                the active keys (names, what they report for, when last used)
          keys revoke --name NAME                                  refuses that key's reports from now on
          tokens create --name NAME [--read-only]                  an API token (read-write unless --read-only)
          tokens list | tokens revoke --name NAME                  as for keys
          users create --email EMAIL [--name NAME] [--time-zone ZONE] [--admin]
                                                                   a user (the password: asked twice, or one line piped in;
                                                                   ZONE as Europe/Berlin; without it, their browser's is offered)
          users reset-password --email EMAIL                       a new password; ends a lockout
          users list                                               everyone: role, state, two-factor, last login
          config export                                            a configuration backup; prints the file's path
          config import FILE                                       imports one (a sealed file needs ConfigurationBackup:Passphrase)
          health [--url URL]                                       asks the running node's /healthz (at ASPNETCORE_URLS unless
                                                                   given); exit 0 when healthy, 1 when not or no answer
        Settings: appsettings.json, or NotifyOrleans__Section__Name environment variables (README, Configuration).
        """;

    /// <summary>
    /// True when the arguments name a command, ask for help, or name no command we know, rather than
    /// options for the web server (<c>--urls …</c>, <c>Key=value</c>): a typo must not start a server.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (Commands.Contains(args[0]) || HelpWords.Contains(args[0]) || (!args[0].StartsWith('-') && !args[0].Contains('=')));

    /// <summary>
    /// Help, <c>health</c> (a question to another process), or a word that is no command, answered
    /// before the app is built: no database is created or migrated for it, and no log lines come
    /// with the answer.
    /// </summary>
    /// <returns>True when it answered (the app should exit).</returns>
    public static async Task<bool> AnswersWithoutTheAppAsync(string[] args)
    {
        if (args is ["health", ..])
        {
            Environment.ExitCode = await HealthCommand.RunAsync(args);
            return true;
        }

        if (!IsCommand(args) || Commands.Contains(args[0])) return false;
        if (HelpWords.Contains(args[0])) Console.WriteLine(Help);
        else Fail($"Unknown command '{args[0]}'.\n{Help}");
        return true;
    }

    /// <returns>True when the arguments were a command (it ran, and the app should exit).</returns>
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (!IsCommand(args)) return false;
        if (args[0] == "config") return await RunConfigAsync(app, args);
        using var scope = app.Services.CreateScope();
        var refused = args[0] switch
        {
            "users" => await UsersCommand.RunAsync(scope.ServiceProvider, args),
            "keys" => await KeysCommand.RunAsync(scope.ServiceProvider, args),
            _ => await TokensCommand.RunAsync(scope.ServiceProvider, args),
        };
        return refused is null || Fail(refused);
    }

    private static async Task<bool> RunConfigAsync(WebApplication app, string[] args)
    {
        using var scope = app.Services.CreateScope();
        switch (args.Length > 1 ? args[1] : null)
        {
            case "export" when args.Length == 2:
                var exporter = scope.ServiceProvider.GetRequiredService<ConfigurationExporter>();
                var file = await exporter.ExportAsync("the command line");
                Console.WriteLine(Path.Combine(exporter.Folder, file.Name));
                return true;
            case "import" when args.Length == 3:
                if (!File.Exists(args[2])) return Fail($"No file {args[2]}.");
                await using (var stream = File.OpenRead(args[2]))
                {
                    // No silo runs for a command: jobs wait in the database and are set up when the app starts.
                    var (summary, problem) = await scope.ServiceProvider.GetRequiredService<ConfigurationImporter>().ImportAsync(stream, passphrase: null, grainsRunning: false);
                    if (problem is not null) return Fail(problem);
                    Console.WriteLine(summary);
                }

                return true;
            default:
                return Fail(ConfigUsage);
        }
    }

    private static bool Fail(string message)
    {
        Console.Error.WriteLine(message);
        Environment.ExitCode = 2;
        return true;
    }
}
