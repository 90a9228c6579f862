using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using Htmx;

namespace NotifyOrleans.Web.Pages.Channels;

/// <summary>The channel list with Test and Delete as htmx actions.</summary>
public sealed class IndexModel(AppDbContext db, ChannelSettingsSerializer serializer, ChannelTester tester, ChannelStore store) : PageModel
{
    public IReadOnlyList<(Channel Channel, string Summary)> Channels { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostTestAsync(Guid id)
    {
        var channel = await db.Channels.FindAsync(id);
        if (channel is null) return NotFound();
        var result = await tester.TestAsync(channel, HttpContext.RequestAborted);
        Response.Htmx(h => h.WithVary());
        return Partial("_TestResult", (channel, result));
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id)
    {
        var channel = await db.Channels.FindAsync(id);
        if (channel is null) return NotFound();
        await store.DeleteAsync(channel, HttpContext.RequestAborted);
        Response.Htmx(h => h.WithToast($"Channel {channel.Name} deleted."));
        await LoadAsync();
        return Request.IsHtmx() ? Partial("_ChannelTable", this) : RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var channels = await db.Channels.AsNoTracking().OrderBy(c => c.Name).ToListAsync();
        Channels = channels.Select(c => (c, serializer.Read(c).Summary)).ToList();
    }

    public static string KindLabel(ChannelKind kind) => kind switch
    {
        ChannelKind.Email => "Email",
        ChannelKind.Discord => "Discord",
        ChannelKind.Ntfy => "ntfy",
        _ => "Webhook",
    };
}
