using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Jobs;
using Htmx;

namespace NotifyOrleans.Web.Pages.Jobs;

/// <summary>The job list shared by the dashboard and the Jobs page: filters, counts, live refresh.</summary>
public abstract class JobListPage(JobQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public RunStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    public JobListModel List { get; private set; } = null!;
    public bool HasAnyJob { get; private set; }

    protected abstract string Path { get; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnGetListAsync()
    {
        await LoadAsync();
        Response.Htmx(h => h.WithVary());
        return Partial("/Pages/Jobs/_JobTable.cshtml", List);
    }

    private async Task LoadAsync()
    {
        var all = await queries.ListAsync(cancellationToken: HttpContext.RequestAborted);
        HasAnyJob = all.Count > 0;
        var search = Search?.Trim();
        var shown = all.Where(j => (Status is null || j.Status == Status)
            && (string.IsNullOrEmpty(search) || j.ServerName.Contains(search, StringComparison.OrdinalIgnoreCase) || j.JobName.Contains(search, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(j => j.Status switch { RunStatus.Failure => 0, RunStatus.Warning => 1, RunStatus.Unknown => 2, _ => 3 })
            .ThenBy(j => j.ServerName, StringComparer.OrdinalIgnoreCase).ThenBy(j => j.JobName, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var counts = all.GroupBy(j => j.Status).ToDictionary(g => g.Key, g => g.Count());
        List = new JobListModel(shown, counts, Status, Search, $"{Path}?handler=List&status={Status}&search={Uri.EscapeDataString(Search ?? "")}");
    }
}
