using NotifyOrleans.Web.Hosting;

namespace NotifyOrleans.Web.FirstRun;

/// <summary>
/// On a database without users, every page leads to /Setup, where the first admin is created.
/// Static files, the health probe and the machine APIs are left alone.
/// </summary>
public sealed class FirstRunMiddleware(RequestDelegate next, FirstRunState state)
{
    public const string SetupPath = "/Setup";
    private static readonly string[] PassThroughPrefixes = [SetupPath, "/lib", "/css", "/js", "/_content", "/Error", "/favicon"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var passThrough = MachinePaths.Contains(path)
            || PassThroughPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            || Path.HasExtension(path.Value);
        if (!passThrough && await state.NeedsSetupAsync(context.RequestAborted))
        {
            context.Response.Redirect(SetupPath);
            return;
        }

        await next(context);
    }
}

public static class FirstRunApplicationBuilderExtensions
{
    public static IApplicationBuilder UseFirstRunSetup(this IApplicationBuilder app) =>
        app.UseMiddleware<FirstRunMiddleware>();
}
