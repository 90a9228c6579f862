using NotifyOrleans.Infrastructure.Jobs;

namespace NotifyOrleans.Web.Pages.Jobs;

public sealed class IndexModel(JobQueries queries) : JobListPage(queries)
{
    protected override string Path => "/Jobs";
}
