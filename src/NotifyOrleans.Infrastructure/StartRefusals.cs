using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NotifyOrleans.Infrastructure;

/// <summary>
/// How the process refuses to start over something an operator must mend (a port taken, a key-ring
/// certificate missing): one line of the log at Critical that names it and the setting, no stack
/// trace, and exit code 1.
/// </summary>
public static class StartRefusals
{
    /// <summary>
    /// A section's settings read while the app is built, so that one it cannot use stops the start in
    /// one line (<c>StartFailures</c>): a value that is no duration, or one <paramref name="problem"/>
    /// refuses. Bound later through options, it started, and then failed the pages that read it (a 500);
    /// <c>ValidateOnStart</c> also logged the host's own stack trace.
    /// </summary>
    public static void RefuseUnusable<TOptions>(this IConfiguration configuration, string section, Func<TOptions, string?> problem) where TOptions : new()
    {
        if (problem(configuration.GetSection(section).Get<TOptions>() ?? new TOptions()) is { } unusable) throw new InvalidOperationException(unusable);
    }

    /// <returns>True when there is no <paramref name="problem"/> and the start goes on.</returns>
    /// <param name="category">The logger the line is written under (what it is about).</param>
    public static bool GoesOnUnless(this IHost host, string? problem, string category)
    {
        if (problem is null) return true;
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category).LogCritical("{Problem:l}", problem);
        Environment.ExitCode = 1;
        return false;
    }
}
