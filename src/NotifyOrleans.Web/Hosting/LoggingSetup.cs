using Serilog;
using Serilog.Events;

namespace NotifyOrleans.Web.Hosting;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog, configured from the <c>Serilog</c> section, with the sources that would write
    /// secrets held at Warning whatever the configuration says: ASP.NET's "Request starting" line
    /// carries the query string (where Duplicati sends its key), and HttpClient logs request URLs
    /// (where Discord and webhook URLs carry their tokens).
    /// </summary>
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder, string[] args)
    {
        // A command's standard output is its result (a key to copy): its log goes to standard error.
        if (CommandLine.IsCommand(args))
            builder.Configuration["Serilog:WriteTo:0:Args:standardErrorFromLevel"] = "Verbose";
        builder.Logging.ClearProviders(); // Serilog writes the console; the default console logger would double every line
        builder.Services.AddSerilog((_, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                // "AuthenticationScheme: ApiToken was challenged" for every 401: the request line says it already.
                .MinimumLevel.Override(typeof(Api.ApiTokenHandler).FullName!, LogEventLevel.Warning)
                .Filter.ByExcluding(FalseAlarms.IsFalseAlarm)
                .Enrich.FromLogContext(),
            // Each host keeps its own logger: the static Log.Logger is whichever host was built last
            // (test processes host many apps), so nothing of ours may log through it.
            preserveStaticLogger: true,
            writeToProviders: true); // other ILoggerProviders (tests add a collector) see what Serilog writes
        return builder;
    }

    /// <summary>
    /// Requests answered without news, at Debug when they go well: the console's scripts and styles
    /// (a third of all lines with a few pages open) and a load balancer's health polls (and the
    /// Cluster page's dashboard, which has no endpoint of ours to mark: see UseRequestLogging).
    /// </summary>
    public static TBuilder QuietInRequestLog<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(QuietRequest.Instance);

    private sealed class QuietRequest
    {
        public static readonly QuietRequest Instance = new();
    }

    /// <summary>
    /// One line per request: method, path with ingest keys masked, status, time; never the query
    /// string or the body. A request the client gave up on is logged at Debug: it is not our fault.
    /// </summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>(); // not the static Log.Logger
            options.MessageTemplate = "HTTP {RequestMethod:l} {RequestPath:l} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetMessageTemplateProperties = (context, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(LoggedPaths.Mask(context.Request.Path))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
            // A finished request is Information even if its client has gone since: a test server
            // cancels RequestAborted as soon as its client lets go of a complete response.
            options.GetLevel = (context, _, exception) =>
                ClientAbortMiddleware.WasEndedByClient(context) ? LogEventLevel.Debug
                : exception is null && context.Response.StatusCode < 400 && context.GetEndpoint()?.Metadata.GetMetadata<QuietRequest>() is not null ? LogEventLevel.Debug
                // The Cluster page's dashboard polls every second (3,600 lines an hour per open tab).
                : exception is null && context.Response.StatusCode < 400 && context.Request.Path.StartsWithSegments(Pages.Cluster.IndexModel.DashboardPath) ? LogEventLevel.Debug
                : exception is null && context.Response.StatusCode < 500 ? LogEventLevel.Information
                // Told to retry while a dead node is voted out (ErrorModel): expected, and Orleans logs the node's loss itself.
                : exception is null && context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Warning
                : context.RequestAborted.IsCancellationRequested ? LogEventLevel.Debug
                : LogEventLevel.Error;
        });
}
