using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Persistence;
using Htmx;

namespace NotifyOrleans.Web.Pages.Deliveries;

/// <summary>The delivery log: every outbox row, filtered, refreshing itself; admins retry or cancel.</summary>
/// <remarks>Everyone may read the log; Retry now and Cancel are for admins.</remarks>
public sealed class IndexModel(AppDbContext db, TimeProvider time, IOptions<DeliveryOptions> options, OutboxSignal signal) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)] public OutboxStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public string? Job { get; set; }

    public IReadOnlyList<OutboxMessage> Rows { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> ChannelNames { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyDictionary<OutboxStatus, int> Counts { get; private set; } = new Dictionary<OutboxStatus, int>();
    public bool CanManage => User.IsInRole(Roles.Admin);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnGetListAsync()
    {
        await LoadAsync();
        Response.Htmx(h => h.WithVary());
        return Partial("_DeliveryList", this);
    }

    public async Task<IActionResult> OnPostRetryAsync(long id)
    {
        if (!CanManage) return Forbid();
        var now = time.GetUtcNow();
        var changed = await db.Outbox.Where(r => r.Id == id && (r.Status == OutboxStatus.Pending || r.Status == OutboxStatus.Dead))
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, OutboxStatus.Pending)
                .SetProperty(r => r.NextAttemptAt, now)
                .SetProperty(r => r.GiveUpAt, now + options.Value.GiveUpAfter)
                .SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null));
        if (changed == 1) { signal.Notify(); Response.Htmx(h => h.WithTrigger("toast", "Queued to be sent now.")); }
        return await OnGetListAsync();
    }

    public async Task<IActionResult> OnPostCancelAsync(long id)
    {
        if (!CanManage) return Forbid();
        var changed = await db.Outbox.Where(r => r.Id == id && r.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, OutboxStatus.Cancelled)
                .SetProperty(r => r.LastError, $"Cancelled by {User.Identity!.Name}."));
        if (changed == 1) Response.Htmx(h => h.WithTrigger("toast", "Cancelled."));
        return await OnGetListAsync();
    }

    private async Task LoadAsync()
    {
        var query = db.Outbox.AsNoTracking();
        if (Status is { } status) query = query.Where(r => r.Status == status);
        if (Channel is { } channel) query = query.Where(r => r.ChannelId == channel);
        if (!string.IsNullOrWhiteSpace(Job)) query = query.Where(r => r.JobKey != null && r.JobKey.Contains(Job));
        Rows = await query.OrderByDescending(r => r.Id).Take(PageSize).ToListAsync();
        ChannelNames = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);
        Counts = (await db.Outbox.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .ToDictionary(g => g.Key, g => g.Count);
    }

    public string ListUrl =>
        $"/Deliveries?handler=List&status={Status}&channel={Channel}&job={Uri.EscapeDataString(Job ?? "")}";
}
