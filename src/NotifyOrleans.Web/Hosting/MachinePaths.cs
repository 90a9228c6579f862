namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// The paths machines call (backup tools, scripts, probes, badges in other pages): they answer problem+json, never an
/// HTML page and never a redirect to the login page, which a backup tool would take for success.
/// </summary>
public static class MachinePaths
{
    public static bool Contains(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/ping") || path.StartsWithSegments("/badge") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/metrics");
}
