using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Pages.Shared.Jobs;

namespace NotifyOrleans.Web.Pages.Notifications;

/// <summary>Global notification settings: the channel assignments every new job starts with.</summary>
public sealed class IndexModel(AppDbContext db, JobDefaults defaults) : PageModel
{
    [BindProperty] public List<AssignmentInput> Assignments { get; set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Channels { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadChannelsAsync();
        Assignments = AssignmentInput.From(await defaults.GetAsync(HttpContext.RequestAborted));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadChannelsAsync();
        await defaults.SetAsync(AssignmentInput.ToAssignments(Assignments, Channels.Select(c => c.Id).ToHashSet()), HttpContext.RequestAborted);
        TempData["Toast"] = "Defaults for new jobs saved.";
        return RedirectToPage();
    }

    private async Task LoadChannelsAsync() =>
        Channels = (await db.Channels.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync())
            .Select(c => (c.Id, c.Name)).ToList();
}
