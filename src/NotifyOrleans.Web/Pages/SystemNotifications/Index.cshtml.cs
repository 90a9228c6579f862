using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Web.Pages.Shared.Toasts;

namespace NotifyOrleans.Web.Pages.SystemNotifications;

/// <summary>Settings → System notifications: the global channels, the login throttle, and every event at a glance.</summary>
public sealed class IndexModel(AppDbContext db, SystemNotificationStore store) : PageModel
{
    [BindProperty] public List<Guid> GlobalChannels { get; set; } = [];
    [BindProperty] public int LoginThrottleMinutes { get; set; }

    public SystemNotificationSettings Settings { get; private set; } = SystemNotificationSettings.Default;
    public IReadOnlyList<ChannelChoice> Channels { get; private set; } = [];
    public IReadOnlyDictionary<SystemEventType, DateTimeOffset> LastOccurred { get; private set; } = new Dictionary<SystemEventType, DateTimeOffset>();

    public async Task OnGetAsync()
    {
        await LoadAsync();
        GlobalChannels = [.. Settings.GlobalChannels];
        LoginThrottleMinutes = (int)Settings.LoginThrottle.TotalMinutes;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        // Binding leaves 0 for "abc" or an empty field, with its error in ModelState: 0 would mean "every login".
        if (!ModelState.IsValid) return Page();
        if (LoginThrottleMinutes is < 0 or > 1440)
        {
            ModelState.AddModelError(nameof(LoginThrottleMinutes), "Between 0 (every login) and 1440 minutes (one a day).");
            return Page();
        }

        var next = Settings with { GlobalChannels = GlobalChannels.Distinct().ToList(), LoginThrottle = TimeSpan.FromMinutes(LoginThrottleMinutes) };
        if (await store.SaveAsync(next, HttpContext.RequestAborted) is var (field, message))
        {
            // Only the global channels can cause a problem here (an event that notifies users directly lost its Email channel).
            ModelState.AddModelError(field == "loginThrottle" ? nameof(LoginThrottleMinutes) : nameof(GlobalChannels), message);
            return Page();
        }

        TempData.Show(!ChannelChoice.NoneEnabled(next.GlobalChannels, Channels) ? "System notification settings saved."
            : Toast.Warning("System notification settings saved. No enabled global channel is ticked: the events that use them reach nobody."));
        return RedirectToPage();
    }

    /// <summary>The switch in an event's row.</summary>
    public async Task<IActionResult> OnPostToggleAsync(string type)
    {
        if (!SystemEventCatalog.TryParseSlug(type, out var eventType)) return NotFound();
        var settings = await store.GetAsync(HttpContext.RequestAborted);
        var current = settings.For(eventType);
        await store.SaveAsync(settings.With(eventType, current with { Enabled = !current.Enabled }), HttpContext.RequestAborted);
        var channels = await ChannelChoice.LoadAsync(db, HttpContext.RequestAborted);
        TempData.Show(current.Enabled ? $"{eventType.DisplayName()} is off."
            : ChannelChoice.NoneEnabled(settings.ChannelsFor(eventType), channels) ? Toast.Warning($"{eventType.DisplayName()} is on, but {ChannelChoice.WhyNobody(settings.ChannelsFor(eventType), channels)}, so it reaches nobody.")
            : $"{eventType.DisplayName()} is on.");
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Settings = await store.GetAsync(HttpContext.RequestAborted);
        Channels = await ChannelChoice.LoadAsync(db, HttpContext.RequestAborted);
        var last = new Dictionary<SystemEventType, DateTimeOffset>();
        foreach (var type in SystemEventCatalog.All)
        {
            // One indexed look-up per event (Type, OccurredAt): six, whatever the table's size.
            var at = await db.SystemEvents.AsNoTracking().Where(e => e.Type == type).OrderByDescending(e => e.OccurredAt)
                .Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefaultAsync(HttpContext.RequestAborted);
            if (at is { } value) last[type] = value;
        }

        LastOccurred = last;
    }
}
