using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Identity;

namespace NotifyOrleans.Web.Pages.Jobs;

/// <summary>Who could have heard of one run, what was decided and why, and what became of each message.</summary>
public sealed record RunRouteView(string JobKey, IReadOnlyList<RouteEntry> Entries, IReadOnlyList<(Guid Id, string Name)> Channels,
    PeopleDirectory People, IReadOnlyList<OutboxMessage> Messages)
{
    public string NameOf(RouteEntry entry) => entry.ChannelId is { } id
        ? Channels.FirstOrDefault(c => c.Id == id).Name ?? "(deleted channel)"
        : People.EmailsOf([entry.UserId!]).FirstOrDefault() ?? "(deleted user)";

    /// <summary>For a person: the Email channel their message went through (the first enabled one, unless the step had its own).</summary>
    public (Guid Id, string Name)? Through(RouteEntry entry) =>
        entry.UserId is not null && MessageFor(entry) is { } message ? Channels.FirstOrDefault(c => c.Id == message.ChannelId) is { Name: not null } found ? found : (message.ChannelId, "(deleted channel)") : null;

    /// <summary>The outbox row of a told entry: its channel's, for a person the one to their address.</summary>
    public OutboxMessage? MessageFor(RouteEntry entry)
    {
        if (!entry.Told || entry.DedupKey is not { } key) return null;
        var recipient = entry.UserId is { } user ? People.EmailsOf([user]).FirstOrDefault() : null;
        return Messages.FirstOrDefault(m => m.DedupKey == key && (recipient is null ? m.Recipient == "" && m.ChannelId == entry.ChannelId : m.Recipient == recipient));
    }
}
