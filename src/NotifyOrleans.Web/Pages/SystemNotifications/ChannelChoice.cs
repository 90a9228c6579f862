using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.Pages.SystemNotifications;

/// <summary>A channel as the System notifications pages list it.</summary>
public sealed record ChannelChoice(Guid Id, string Name, ChannelKind Kind, bool Enabled)
{
    public static async Task<IReadOnlyList<ChannelChoice>> LoadAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Channels.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new ChannelChoice(c.Id, c.Name, c.Kind, c.Enabled)).ToListAsync(cancellationToken);

    /// <summary>For a form's channel lists (a job's, the defaults'): each channel by name, and which of them are disabled, to mark them.</summary>
    public static async Task<(IReadOnlyList<(Guid Id, string Name)> Channels, IReadOnlySet<Guid> Disabled)> LoadForFormsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var channels = await LoadAsync(db, cancellationToken);
        return (channels.Select(c => (c.Id, c.Name)).ToList(), channels.Where(c => !c.Enabled).Select(c => c.Id).ToHashSet());
    }

    /// <summary>What a checkbox says after the name: "(Webhook)", "(Email, disabled)": a disabled channel's notices wait.</summary>
    public string Described => Enabled ? $"({Kind})" : $"({Kind}, disabled)";

    /// <summary>Whether these channels reach nobody: none of them exists and is enabled (system events are not sent to a disabled channel).</summary>
    public static bool NoneEnabled(IEnumerable<Guid> ids, IReadOnlyList<ChannelChoice> channels) =>
        !ids.Any(id => channels.Any(c => c.Id == id && c.Enabled));

    /// <summary>Why these channels reach nobody, for a message: none ticked, or those ticked are switched off.</summary>
    public static string WhyNobody(IEnumerable<Guid> ids, IReadOnlyList<ChannelChoice> channels) =>
        ids.Any(id => channels.Any(c => c.Id == id)) ? "its channels are switched off" : "no channel is ticked for it";

    public static string Names(IEnumerable<Guid> ids, IReadOnlyList<ChannelChoice> channels) =>
        string.Join(", ", ids.Select(id => channels.FirstOrDefault(c => c.Id == id) is { } c ? Shared.Jobs.ChannelLabel.Of(c.Name, c.Enabled) : null).OfType<string>()) is { Length: > 0 } names ? names : "none";
}
