using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Jobs;

namespace NotifyOrleans.Web.Pages.Jobs;

/// <summary>
/// What the job list shows: one page of jobs, the counts by status, the filters that made it, and
/// the fingerprint of the data it was rendered from (its poll sends it back, see <see cref="JobListPage"/>).
/// </summary>
public sealed record JobListModel(JobPage Page, RunStatus? Status, string? Search, int PageNumber, int PageSize, string Path, long Fingerprint,
    MonitoringFilter? Monitoring = null)
{
    public IReadOnlyList<BackupJobSnapshot> Jobs => Page.Jobs;
    public IReadOnlyDictionary<RunStatus, int> Counts => Page.Counts;
    public int PageCount => Page.PageCount(PageSize);
    public int FirstShown => Page.Matching == 0 ? 0 : (PageNumber - 1) * PageSize + 1;
    public int LastShown => FirstShown == 0 ? 0 : FirstShown + Jobs.Count - 1;

    public string PageUrl(int pageNumber) => $"{Path}?{Filters}&p={pageNumber}";

    /// <summary>Whether the list is filtered by exactly this tile's filter (a status, or overdue).</summary>
    public bool IsTileChosen(RunStatus? status = null, MonitoringFilter? monitoring = null) => Status == status && Monitoring == monitoring;

    /// <summary>
    /// A count's tile: the list with the search kept and only the tile's filter (a status, or overdue), from its
    /// first page; the chosen tile's clears it again.
    /// </summary>
    public string TileUrl(RunStatus? status = null, MonitoringFilter? monitoring = null) =>
        $"{Path}?{(IsTileChosen(status, monitoring) ? FiltersOf(null, null) : FiltersOf(status, monitoring))}";

    public string PollUrl => $"{Path}?handler=List&{Filters}&p={PageNumber}&seen={Fingerprint}";

    private string Filters => FiltersOf(Status, Monitoring);

    private string FiltersOf(RunStatus? status, MonitoringFilter? monitoring) => $"status={status}&monitoring={monitoring}&search={Uri.EscapeDataString(Search ?? "")}";
}
