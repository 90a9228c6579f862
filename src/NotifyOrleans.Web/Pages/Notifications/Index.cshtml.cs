using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Pages.Shared.Jobs;

namespace NotifyOrleans.Web.Pages.Notifications;

/// <summary>
/// Global notification settings: the channel assignments every new job starts with, the
/// escalation policy of every job without its own, whether jobs take the schedule their runs show,
/// and the channels' quiet hours.
/// </summary>
public sealed class IndexModel(AppDbContext db, JobDefaults defaults) : PageModel
{
    [BindProperty] public List<AssignmentInput> Assignments { get; set; } = [];
    [BindProperty] public EscalationInput Escalation { get; set; } = new();
    [BindProperty] public bool ApplyDetectedSchedules { get; set; }
    [BindProperty] public ChannelQuietInput Quiet { get; set; } = new();
    public IReadOnlyList<(Guid Id, string Name)> Channels { get; private set; } = [];
    public PeopleDirectory People { get; private set; } = PeopleDirectory.Empty;

    public async Task OnGetAsync()
    {
        await LoadChannelsAsync();
        Assignments = AssignmentInput.From(await defaults.GetAsync(HttpContext.RequestAborted));
        Escalation = EscalationInput.From(await defaults.GetEscalationAsync(HttpContext.RequestAborted));
        ApplyDetectedSchedules = await defaults.GetApplyDetectedSchedulesAsync(HttpContext.RequestAborted);
        Quiet = ChannelQuietInput.Of(await defaults.GetChannelQuietHoursAsync(HttpContext.RequestAborted));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadChannelsAsync();
        var channelIds = Channels.Select(c => c.Id).ToHashSet();
        var problems = new List<(string Field, string Message)>();
        var escalation = Escalation.Read(nameof(Escalation), channelIds, People, problems) ?? [];
        var quiet = Quiet.Read(nameof(Quiet), channelIds, problems);
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        if (!ModelState.IsValid) return Page(); // nothing saved: the form shows each message at its row

        await defaults.SetAsync(AssignmentInput.ToAssignments(Assignments, channelIds), HttpContext.RequestAborted);
        await defaults.SetEscalationAsync(escalation, HttpContext.RequestAborted);
        await defaults.SetApplyDetectedSchedulesAsync(ApplyDetectedSchedules, HttpContext.RequestAborted);
        await defaults.SetChannelQuietHoursAsync(quiet!, HttpContext.RequestAborted);
        TempData["Toast"] = "Defaults saved.";
        return RedirectToPage();
    }

    private async Task LoadChannelsAsync()
    {
        Channels = (await db.Channels.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync())
            .Select(c => (c.Id, c.Name)).ToList();
        People = await PeopleDirectory.LoadAsync(db, HttpContext.RequestAborted);
    }
}
