using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;
using Htmx;

namespace NotifyOrleans.Web.Pages.Events;

/// <summary>Recent system events, newest first; the list refreshes itself every few seconds.</summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)] public SystemEventType? Type { get; set; }

    public IReadOnlyList<SystemEvent> Events { get; private set; } = [];

    public async Task OnGetAsync() => Events = await LoadAsync();

    public async Task<IActionResult> OnGetListAsync()
    {
        Events = await LoadAsync();
        Response.Htmx(h => h.WithVary());
        return Partial("_EventList", this);
    }

    private async Task<IReadOnlyList<SystemEvent>> LoadAsync()
    {
        var query = db.SystemEvents.AsNoTracking();
        if (Type is { } type) query = query.Where(e => e.Type == type);
        return await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync();
    }
}
