using Serilog;

namespace NotifyOrleans.Web.Hosting;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog to the console, configured from the <c>Serilog</c> section. (Serilog.AspNetCore is not
    /// on this project's registry, so Serilog is plugged in as a Microsoft.Extensions.Logging provider.)
    /// </summary>
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        // ASP.NET's "Request starting" line carries the full URL, query string included, and ingest
        // keys travel in query strings. Our own request log (RequestLoggingMiddleware) omits it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // HttpClient logs every request URL, and a Discord or webhook URL carries its token in the path.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        return builder;
    }
}
