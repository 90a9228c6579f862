using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using Htmx;

namespace NotifyOrleans.Web.Pages.Deliveries;

/// <summary>The delivery log: every outbox row, filtered, refreshing itself; admins retry or cancel.</summary>
/// <remarks>
/// Admins read the whole log, and Retry now and Cancel. A Member reads the job notices sent to
/// channels and what was sent to them, not other people's mail nor the system events' notices.
/// </remarks>
public sealed class IndexModel(AppDbContext db, DeliveryLog log, UserManager<AppUser> users, TimeProvider time) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)] public OutboxStatus? Status { get; set; }
    /// <summary>The channel filter: its id (the list's choice) or its name (a hand-written link, as the API takes).</summary>
    [BindProperty(SupportsGet = true, Name = "channel")] public string? ChannelText { get; set; }
    [BindProperty(SupportsGet = true)] public string? Job { get; set; }
    /// <summary>"p" in the query: "page" is Razor Pages' own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    /// <summary>The channel <see cref="ChannelText"/> names; null for all, or when it names none (<see cref="FilterProblem"/> says so).</summary>
    public Guid? Channel { get; private set; }
    /// <summary>How many deliveries match the filters: the log is read <see cref="PageSize"/> at a time, newest first.</summary>
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public int FirstShown => Rows.Count == 0 ? 0 : (PageNumber - 1) * PageSize + 1;
    public int LastShown => FirstShown == 0 ? 0 : FirstShown + Rows.Count - 1;

    public IReadOnlyList<OutboxMessage> Rows { get; private set; } = [];
    /// <summary>
    /// The channels: their names and kinds, and their waits (a pending row of a channel that waits says
    /// so, and is tried when the wait ends, <see cref="ChannelWaits"/>, or "when the channel works" if
    /// somebody must act). A row whose channel is missing here was for a deleted one.
    /// </summary>
    public IReadOnlyDictionary<Guid, NotifyOrleans.Infrastructure.Channels.Channel> ChannelsById { get; private set; } = new Dictionary<Guid, NotifyOrleans.Infrastructure.Channels.Channel>();

    /// <summary>When the list was read: a channel's wait is told as of then.</summary>
    public DateTimeOffset Now { get; private set; }
    public IReadOnlyDictionary<OutboxStatus, int> Counts { get; private set; } = new Dictionary<OutboxStatus, int>();
    public bool CanManage => User.IsInRole(Roles.Admin);
    public bool IsFiltered => Status is not null || Channel is not null || !string.IsNullOrWhiteSpace(Job);

    /// <summary>A filter in the address that names no status or channel (a hand-edited or old link): said, not silently dropped.</summary>
    public string FilterProblem => string.Join(" ", ModelState.Where(entry => entry.Value is { Errors.Count: > 0 })
        .Select(entry => $"“{entry.Value!.AttemptedValue}” is not a {entry.Key.ToLowerInvariant()} of this log: the list is not filtered by it."));

    /// <summary>The list's address with its filters, at another page.</summary>
    public string PageUrl(int pageNumber) => $"/Deliveries?{Filters}&p={pageNumber}";

    private string Filters => $"status={Status}&channel={Channel}&job={Uri.EscapeDataString(Job ?? "")}";

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
        switch (await log.RetryAsync(id, HttpContext.RequestAborted))
        {
            case DeliveryChange.Done:
                var waitsFor = await log.WhyRetryWaitsAsync(id, HttpContext.RequestAborted);
                Response.Htmx(h => h.WithToast(waitsFor is null ? "Queued to be sent now." : Toast.Warning(waitsFor)));
                break;
            case DeliveryChange.ChannelDeleted: // a list opened before the channel was deleted still has the button
                Response.Htmx(h => h.WithToast(Toast.Warning("Its channel has been deleted since: there is nowhere to send it.")));
                break;
        }
        return await OnGetListAsync();
    }

    public async Task<IActionResult> OnPostCancelAsync(long id)
    {
        if (!CanManage) return Forbid();
        if (await log.CancelAsync(id, User.Identity!.Name!, HttpContext.RequestAborted) == DeliveryChange.Done) Response.Htmx(h => h.WithToast("Cancelled."));
        return await OnGetListAsync();
    }

    private async Task LoadAsync()
    {
        var seenBy = CanManage ? null : (await users.GetUserAsync(User))?.Email ?? "";
        var channels = await db.Channels.AsNoTracking().ToListAsync();
        ChannelsById = channels.ToDictionary(c => c.Id);
        if (!string.IsNullOrWhiteSpace(ChannelText))
        {
            Channel = new Api.KnownChannels(channels.Select(c => (c.Id, c.Name))).Find(ChannelText).Id;
            if (Channel is null) ModelState.AddModelError("channel", "no such channel"); // said by FilterProblem, with what was typed
        }

        var filter = new DeliveryFilter(Status, Channel, Job, SeenBy: seenBy);
        Counts = await log.CountsAsync(filter, HttpContext.RequestAborted);
        Total = Counts.Values.Sum();
        PageNumber = Math.Clamp(PageNumber, 1, PageCount); // past the last page (the log was swept since): the last
        Rows = await log.PageAsync(filter, (PageNumber - 1) * PageSize, PageSize, HttpContext.RequestAborted);
        Now = time.GetUtcNow();
    }

    public string ListUrl => $"/Deliveries?handler=List&{Filters}&p={PageNumber}";
}
