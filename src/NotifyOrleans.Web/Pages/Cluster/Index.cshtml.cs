using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NotifyOrleans.Web.Pages.Cluster;

/// <summary>The Cluster page: Orleans' dashboard (<see cref="Hosting.HostingExtensions.UseClusterDashboard"/>) inside the console.</summary>
public sealed class IndexModel : PageModel
{
    /// <summary>Where the dashboard itself is served.</summary>
    public const string DashboardPath = "/cluster/dashboard";
}
