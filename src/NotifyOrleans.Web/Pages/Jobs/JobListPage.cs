using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Jobs;
using Htmx;

namespace NotifyOrleans.Web.Pages.Jobs;

/// <summary>
/// The job list shared by the dashboard and the Jobs page: filters, counts, pages of
/// <see cref="PageSize"/>, and a poll every 5 s that costs one small query and answers 204
/// (htmx then leaves the list alone) until a job changes.
/// </summary>
public abstract class JobListPage(JobQueries queries) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public RunStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public MonitoringFilter? Monitoring { get; set; }
    /// <summary>"p" in the query: "page" is Razor Pages' own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    protected JobQueries Queries => queries;

    public JobListModel List { get; private set; } = null!;
    public bool HasAnyJob { get; private set; }

    protected abstract string Path { get; }

    public async Task OnGetAsync()
    {
        await LoadAsync(await queries.FingerprintAsync(HttpContext.RequestAborted));
        await LoadMoreAsync();
    }

    /// <summary>What a page shows besides the list (the dashboard's attention line), on its first load.</summary>
    protected virtual Task LoadMoreAsync() => Task.CompletedTask;

    /// <param name="seen">The fingerprint the browser's list was rendered from.</param>
    public async Task<IActionResult> OnGetListAsync(long? seen)
    {
        // Read before the page, so a change landing in between makes the next poll render again.
        var fingerprint = await queries.FingerprintAsync(HttpContext.RequestAborted);
        if (seen == fingerprint) return new NoContentResult();
        await LoadAsync(fingerprint);
        // Not a poll but the filter form: the address keeps the filter, for a reload or a link to share.
        Response.Htmx(h =>
        {
            h.WithVary();
            if (seen is null) h.ReplaceUrl(List.PageUrl(List.PageNumber));
        });
        return Partial("/Pages/Jobs/_JobList.cshtml", List);
    }

    private async Task LoadAsync(long fingerprint)
    {
        PageNumber = Math.Max(PageNumber, 1);
        var page = await queries.PageAsync(Status, Search, PageNumber, PageSize, Monitoring, HttpContext.RequestAborted);
        if (PageNumber > page.PageCount(PageSize))
        {
            // Past the end (a link from before jobs were deleted, a search that now matches fewer): the last page.
            PageNumber = page.PageCount(PageSize);
            page = await queries.PageAsync(Status, Search, PageNumber, PageSize, Monitoring, HttpContext.RequestAborted);
        }

        HasAnyJob = page.Counts.Count > 0 || await queries.AnyAsync(HttpContext.RequestAborted);
        List = new JobListModel(page, Status, Search?.Trim(), PageNumber, PageSize, Path, fingerprint, Monitoring);
    }
}
