using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc.Razor;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Web.FirstRun;
using NotifyOrleans.Web.Identity;
using NotifyOrleans.Web.Pages.Shared.Times;
using NotifyOrleans.Web.SystemEvents;
using NotifyOrleans.Web.Users;
using Orleans.Dashboard;
using Orleans.Runtime;

namespace NotifyOrleans.Web.Hosting;

public static class HostingExtensions
{
    /// <summary>Razor Pages of the console, with admin-only folders and the services behind them.</summary>
    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            foreach (var adminFolder in new[] { "/Users", "/Events", "/Channels", "/Notifications", "/SystemNotifications", "/ConfigurationBackup", "/Templates", "/Servers", "/Tokens", "/Cluster" })
                options.Conventions.AuthorizeFolder(adminFolder, Roles.Admin);
            options.Conventions.AllowAnonymousToPage("/Setup/Index");
            options.Conventions.AllowAnonymousToPage("/Error");
            options.Conventions.AllowAnonymousToPage("/Acknowledge/Index"); // the signed link is the credential
        }).AddMvcOptions(options =>
        {
            options.Filters.Add<TwoFactorPagesGuard>();
            options.Filters.Add<LogoutReturnGuard>();
            options.Filters.Add<UnhandledMethodFilter>();
            options.Filters.Add<ViewerTimeFilter>();
            // A value a field cannot hold (letters in a number): said next to the field in words, without
            // the property's C# name ("The value 'abc' is not valid for LoginThrottleMinutes").
            var messages = options.ModelBindingMessageProvider;
            messages.SetAttemptedValueIsInvalidAccessor((value, _) => Unusable(value));
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(Unusable);
            messages.SetValueIsInvalidAccessor(Unusable);
            messages.SetValueMustBeANumberAccessor(_ => "Enter a number.");
            messages.SetValueMustNotBeNullAccessor(_ => "Enter a value.");
            messages.SetMissingBindRequiredValueAccessor(_ => "Enter a value.");
        });
        // The one whole number a number field cannot hold is one past its type (99999999999 failures before alert).
        static string Unusable(string? value) =>
            string.IsNullOrWhiteSpace(value) ? "Enter a value."
            : System.Numerics.BigInteger.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? $"{value.Trim()} is too {(number.Sign < 0 ? "small" : "large")} a number here."
            : $"'{value}' cannot be used here: check the value.";
        services.AddAntiforgery(options => options.HeaderName = "RequestVerificationToken");
        services.AddSingleton<FirstRunState>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<SystemErrorBanner>();
        services.AddScoped<ViewerTime>();
        return services;
    }

    /// <summary>
    /// Serves the front-end files from the build output too, so `./run.sh` (dotnet run, in
    /// Production) gets htmx and Bootstrap; without it only Development or a publish would. In a
    /// published app there is no build manifest and this does nothing.
    /// </summary>
    public static WebApplicationBuilder ServeStaticAssetsFromBuildOutput(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        // Off: a development-time catch-all (GET {**path:file}) for files added after the build. It
        // would answer every path that has no GET of its own, so GET /api/upload would be a 404
        // instead of a 405, and POST to an unknown API path a 405 instead of a 404.
        builder.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";
        return builder;
    }

    /// <summary>Friendly pages for exceptions and for 403/404 (with their real status codes).</summary>
    public static IApplicationBuilder UseConsoleErrorPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                // A node lost or hanging, the database out of reach: a 503 to retry (ErrorModel adds
                // Retry-After and reports the outage once), not a fault with a stack trace.
                StatusCodeSelector = exception => Unavailability.Of(exception) is not null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
                SuppressDiagnosticsCallback = context => Unavailability.Of(context.Exception) is not null,
            });
        }

        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseMiddleware<ClientAbortMiddleware>();
        return app;
    }

    /// <summary>
    /// Orleans' dashboard (silos, their status, grains, calls), for admins only; the Cluster page
    /// shows it in a frame.
    /// Its endpoints are mapped at the first visit, in a pipeline of their own: mapped with the
    /// others they cost every start-up about a second (0.5 s to map, the rest when the routes were
    /// built; the first answer came after 3.4–4.0 s with them, 2.4–2.7 s without), for a page an
    /// admin opens now and then. Signing in and the fallback policy have run before it.
    /// </summary>
    public static IApplicationBuilder UseClusterDashboard(this IApplicationBuilder app)
    {
        const string path = Pages.Cluster.IndexModel.DashboardPath;
        var dashboard = new Lazy<RequestDelegate>(() =>
        {
            var cluster = new ApplicationBuilder(app.ApplicationServices);
            cluster.UseRouting();
            cluster.UseAuthorization();
            cluster.UseEndpoints(endpoints => endpoints.MapOrleansDashboard(routePrefix: path).RequireAuthorization(Roles.Admin));
            return cluster.Build();
        });
        return app.MapWhen(context => context.Request.Path.StartsWithSegments(path), cluster => cluster.Run(context => dashboard.Value(context)));
    }

    /// <summary>Read by people too: the version's "+" as it is, not "\u002B".</summary>
    private static readonly JsonSerializerOptions HealthJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>/healthz: 200 when the database answers, 503 otherwise; JSON for probes and humans, with the version that runs.</summary>
    public static IEndpointConventionBuilder MapHealthz(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    status = report.Status.ToString(),
                    version = StartupSummary.Version,
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
                }, HealthJson));
            },
        }).AllowAnonymous();
}
