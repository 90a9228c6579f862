using Htmx;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using NotifyOrleans.Web.SystemEvents;

namespace NotifyOrleans.Web.Pages.SystemNotifications;

/// <summary>One event: its settings, its Test, and its last occurrences with who was told and why.</summary>
public sealed class EventModel(AppDbContext db, SystemNotificationStore store, SystemEventTester tester, UserManager<AppUser> users) : PageModel
{
    public const int OccurrencesShown = 20;

    public sealed class EventInput
    {
        public bool Enabled { get; set; }
        public bool CustomChannels { get; set; }
        public List<Guid> Channels { get; set; } = [];
        public NotifyUserMode NotifyUser { get; set; }
    }

    /// <summary>One occurrence, the route it took, and what became of each message.</summary>
    public sealed record Occurrence(SystemEvent Event, SystemEventRoute? Route, IReadOnlyList<OutboxMessage> Messages);

    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty] public EventInput Input { get; set; } = new();

    public SystemEventType EventType { get; private set; }
    public SystemNotificationSettings Settings { get; private set; } = SystemNotificationSettings.Default;
    public IReadOnlyList<ChannelChoice> Channels { get; private set; } = [];
    public IReadOnlyList<Occurrence> Occurrences { get; private set; } = [];

    /// <summary>The channels the form's choice sends to: its custom ones, or the global ones.</summary>
    public IReadOnlyList<Guid> ChosenChannels => Input.CustomChannels ? Input.Channels : Settings.GlobalChannels;

    /// <summary>"Notify user directly" is offered only for the user events, and only with an Email channel to send through.</summary>
    public bool OffersNotifyUser => EventType.CanNotifyUser() && ChosenChannels.Any(id => Channels.Any(c => c.Id == id && c.Kind == ChannelKind.Email));

    /// <summary>"Notify user directly" as saved, before this form's change.</summary>
    public NotifyUserMode SavedNotifyUser => Settings.For(EventType).NotifyUser;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var current = Settings.For(EventType);
        Input = new EventInput
        {
            Enabled = current.Enabled, CustomChannels = current.Channels is not null,
            Channels = [.. current.Channels ?? Settings.GlobalChannels], NotifyUser = current.NotifyUser,
        };
        return Page();
    }

    /// <summary>The System Error banner's Dismiss (on every page): hidden in this browser until a newer error.</summary>
    public IActionResult OnPostDismiss(long occurredAt, string? returnUrl)
    {
        SystemErrorBanner.Dismiss(Response, occurredAt);
        if (Request.IsHtmx()) return new OkResult();
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var next = new SystemEventSettings(Input.Enabled, Input.CustomChannels ? Input.Channels.Distinct().ToList() : null,
            EventType.CanNotifyUser() ? Input.NotifyUser : NotifyUserMode.Disabled);
        if (await store.SaveAsync(Settings.With(EventType, next), HttpContext.RequestAborted) is var (field, message))
        {
            ModelState.AddModelError(field.EndsWith(".notifyUser", StringComparison.Ordinal) ? "Input.NotifyUser" : "Input.Channels", message);
            return Page();
        }

        // Allowed (an admin may set the channels up later), but not without saying it reaches nobody yet.
        var nobody = next.Enabled && ChannelChoice.NoneEnabled(next.Channels ?? Settings.GlobalChannels, Channels) && next.NotifyUser == NotifyUserMode.Disabled;
        // The Email channel unticked took the choice away (the form said it would): said again, as Reset says it.
        var switchedOff = SavedNotifyUser != NotifyUserMode.Disabled && !OffersNotifyUser
            ? " Notify user directly is now Disabled: none of this event's channels is an Email channel." : "";
        TempData.Show(nobody
            ? Toast.Warning($"{EventType.DisplayName()} saved, but {ChannelChoice.WhyNobody(next.Channels ?? Settings.GlobalChannels, Channels)}, so nobody hears of it.{switchedOff}")
            : switchedOff.Length > 0 ? Toast.Warning($"{EventType.DisplayName()} saved.{switchedOff}")
            : $"{EventType.DisplayName()} saved.");
        return RedirectToPage(new { type = EventType.Slug() });
    }

    /// <summary>htmx: the form again for what is ticked now (unsaved), so the notify-user choice appears once an Email channel is chosen.</summary>
    public async Task<IActionResult> OnPostFormAsync()
    {
        if (!await LoadAsync()) return NotFound();
        ModelState.Clear();
        Response.Htmx(h => h.WithVary());
        return Partial("_EventForm", this);
    }

    public async Task<IActionResult> OnPostResetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var current = Settings.For(EventType) with { Channels = null };
        Toast toast = $"{EventType.DisplayName()} uses the global channels again.";
        if (current.NotifyUser != NotifyUserMode.Disabled && !Settings.GlobalChannels.Any(id => Channels.Any(c => c.Id == id && c.Kind == ChannelKind.Email)))
        {
            current = current with { NotifyUser = NotifyUserMode.Disabled };
            toast = Toast.Warning(toast.Text + " Notify user directly is now Disabled: the global channels have no Email channel.");
        }

        await store.SaveAsync(Settings.With(EventType, current), HttpContext.RequestAborted);
        TempData.Show(toast);
        return RedirectToPage(new { type = EventType.Slug() });
    }

    public async Task<IActionResult> OnPostTestAsync()
    {
        if (!await LoadAsync()) return NotFound();
        // The admin stands in for the user of a direct email; an event that emails nobody directly needs no stand-in
        // (with one, every Test of it ended in "Not sent: you: this event emails no user directly", read as a failure).
        var admin = EventType.CanNotifyUser() ? await users.GetUserAsync(User) : null;
        var (outcomes, notTold) = await tester.TestAsync(EventType, admin?.Email, HttpContext.RequestAborted);
        Response.Htmx(h => h.WithVary());
        return Partial("_TestOutcome", (outcomes, notTold));
    }

    private async Task<bool> LoadAsync()
    {
        if (!SystemEventCatalog.TryParseSlug(Type, out var type)) return false;
        EventType = type;
        Settings = await store.GetAsync(HttpContext.RequestAborted);
        Channels = await ChannelChoice.LoadAsync(db, HttpContext.RequestAborted);
        var events = await db.SystemEvents.AsNoTracking().Where(e => e.Type == type)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(OccurrencesShown).ToListAsync(HttpContext.RequestAborted);
        var keys = events.Select(e => e.DedupKey).ToList();
        var messages = await db.Outbox.AsNoTracking().Where(r => keys.Contains(r.DedupKey)).ToListAsync(HttpContext.RequestAborted);
        Occurrences = events.Select(e => new Occurrence(e, SystemEventRouter.ReadRoute(e), messages.Where(m => m.DedupKey == e.DedupKey).ToList())).ToList();
        return true;
    }
}
