using System.Reflection;
using Npgsql;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// A start that fails on something an operator must mend (a database that cannot be reached, a
/// setting that is not a number, a web address that is not one) is said in one line, and the
/// process exits with 1, as <see cref="Infrastructure.StartRefusals"/> do: the runtime's own
/// answer was 80 lines of stack trace and SIGABRT (exit code 134). Only until the app has
/// started: a fault after that keeps its stack trace.
/// </summary>
public static class StartFailures
{
    private static readonly UnhandledExceptionEventHandler OneLine = (_, e) =>
    {
        Console.Error.WriteLine($"[{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz} FTL] NotifyOrleans could not start: {Explain((Exception)e.ExceptionObject)}");
        Environment.Exit(1);
    };

    /// <summary>Between <see cref="SaidInOneLine"/> and the start, in the program's own process.</summary>
    public static bool IsStarting { get; private set; }

    /// <summary>From here until <see cref="EndWhenStarted"/>; not when a test host runs the program (its failures are the test's to show).</summary>
    public static void SaidInOneLine()
    {
        if (Assembly.GetEntryAssembly() != typeof(StartFailures).Assembly) return;
        IsStarting = true;
        AppDomain.CurrentDomain.UnhandledException += OneLine;
    }

    public static void EndWhenStarted(this WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        IsStarting = false;
        AppDomain.CurrentDomain.UnhandledException -= OneLine;
    });

    /// <summary>What went wrong and what to do, from the exception and the ones inside it.</summary>
    internal static string Explain(Exception failure)
    {
        var chain = Chain(failure).ToList();
        if (chain.OfType<PostgresException>().FirstOrDefault(e => e.SqlState == PostgresErrorCodes.UndefinedTable) is { } noTables)
            return $"the database has no tables yet ({noTables.MessageText}): apply db/scripts/migrate.sql to it, or start one node with Database:MigrateOnStartup=true.";
        if (chain.OfType<Microsoft.Data.Sqlite.SqliteException>().FirstOrDefault(e => e.Message.Contains("no such table", StringComparison.Ordinal)) is { } noSqliteTables)
            return $"the database has no tables yet ({noSqliteTables.Message.TrimEnd('.')}): start with Database:MigrateOnStartup=true, which makes them.";
        // A duration: the parser's own two lines after it only say again that it is not a TimeSpan, so how to write one instead.
        var said = failure.Message.Contains("to type 'System.TimeSpan'", StringComparison.Ordinal)
            ? failure.Message.TrimEnd('.') + " (a duration is written d.hh:mm:ss: 90.00:00:00 is 90 days, 00:15:00 a quarter of an hour)"
            : string.Join(": ", chain.Select(e => e.Message.TrimEnd('.')).Distinct());
        if (EnumNamed(failure.Message) is { } choices) said += $" (it is one of {string.Join(", ", Enum.GetNames(choices))})";
        if (failure is FormatException && failure.Message.StartsWith("Invalid url", StringComparison.Ordinal))
            return $"{said}: the web server's address is set by ASPNETCORE_URLS (NOTIFYORLEANS_URLS for ./run.sh), like http://0.0.0.0:5000.";
        return chain.Any(e => e is NpgsqlException || e.Source == "Npgsql") // unreachable, refused, or a connection string it cannot read
            ? $"PostgreSQL could not be used ({said}). Check Database:ConnectionString (NotifyOrleans__Database__ConnectionString) and that the server is up."
            : $"{said}. ({failure.GetType().Name})";
    }

    /// <summary>The enum a setting failed to convert to ("… to type 'NotifyOrleans….DatabaseProvider'"), to list its names.</summary>
    private static Type? EnumNamed(string message) =>
        System.Text.RegularExpressions.Regex.Match(message, "to type '([^']+)'") is { Success: true } match
            ? AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetType(match.Groups[1].Value)).FirstOrDefault(type => type is { IsEnum: true })
            : null;

    private static IEnumerable<Exception> Chain(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
            if (e is not (AggregateException or TargetInvocationException)) yield return e;
    }
}
