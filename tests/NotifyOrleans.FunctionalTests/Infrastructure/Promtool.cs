using System.Diagnostics;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>Prometheus' own checker (Debian's prometheus package, installed by test.sh).</summary>
public static class Promtool
{
    /// <returns>The exit code, and what it printed (standard output and error).</returns>
    public static async Task<(int Exit, string Said)> RunAsync(IEnumerable<string> arguments, string? input = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("promtool", arguments)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output + await error).Trim());
    }
}
