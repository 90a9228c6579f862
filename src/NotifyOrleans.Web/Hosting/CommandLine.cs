using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// Commands for scripted set-ups, run instead of the web server:
/// <c>keys create --name NAME [--server SERVER] [--job JOB]</c> prints a new ingest key.
/// </summary>
public static class CommandLine
{
    /// <summary>True when the arguments name a command rather than options for the web server.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "keys";

    /// <returns>True when the arguments were a command (it ran, and the app should exit).</returns>
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (!IsCommand(args)) return false;
        if (args.Length < 2 || args[1] != "create")
        {
            await Console.Error.WriteLineAsync("usage: keys create --name NAME [--server SERVER] [--job JOB]");
            Environment.ExitCode = 2;
            return true;
        }

        string? Option(string name) => args.SkipWhile(a => a != $"--{name}").Skip(1).FirstOrDefault();
        var name = Option("name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > IngestKeys.NameMaxLength)
        {
            await Console.Error.WriteLineAsync("usage: keys create --name NAME [--server SERVER] [--job JOB]   (NAME: 1-100 characters)");
            Environment.ExitCode = 2;
            return true;
        }

        if (Option("job") is not null && Option("server") is null)
        {
            await Console.Error.WriteLineAsync("--job needs --server: a job key names both.");
            Environment.ExitCode = 2;
            return true;
        }

        if (Option("job") is { } job && JobKey.Check(Option("server"), job) is { } problem)
        {
            await Console.Error.WriteLineAsync($"--{problem.Field}: {problem.Message}");
            Environment.ExitCode = 2;
            return true;
        }

        using var scope = app.Services.CreateScope();
        var (key, _) = await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync(name, Option("server"), Option("job"), "command line");
        Console.WriteLine(key);
        return true;
    }
}
