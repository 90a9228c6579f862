using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>The transport of each channel kind; adding a kind is a settings class plus a transport.</summary>
public sealed class ChannelTransports(IEnumerable<IChannelTransport> transports)
{
    private readonly Dictionary<ChannelKind, IChannelTransport> _byKind = transports.ToDictionary(t => t.Kind);

    public IChannelTransport For(ChannelKind kind) => _byKind[kind];
}
