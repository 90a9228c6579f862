using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Web.Pages.Jobs;

namespace NotifyOrleans.Web.Pages;

/// <summary>The dashboard: every job's health at a glance, failures first, refreshing itself.</summary>
public sealed class IndexModel(JobQueries queries) : JobListPage(queries)
{
    protected override string Path => "/";
}
