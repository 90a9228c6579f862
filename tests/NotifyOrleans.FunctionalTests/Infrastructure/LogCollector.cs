using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>Receives every log message the app writes (next to Serilog) from <paramref name="minimum"/> up, so tests can search them.</summary>
public sealed class LogCollector(LogLevel minimum = LogLevel.Trace) : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public LogLevel Minimum => minimum;

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose() { }

    private sealed class Collector(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
