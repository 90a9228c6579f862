using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// Refuses to start a silo on a port another process listens on. Orleans' listener asks for
/// SO_REUSEADDR, which .NET on Linux sets with SO_REUSEPORT: a second node given the same port
/// (two on one machine, one port left at its default) started without a word and shared the port
/// with the first, each then taking some of the other's messages. First in the silo's start, before
/// its listener; a command run beside a running node (<c>./run.sh keys create</c>) starts no silo.
/// </summary>
internal sealed class SiloPortCheck(IOptions<EndpointOptions> endpoints) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloPortCheck), ServiceLifecycleStage.First, _ => { Check(); return Task.CompletedTask; });

    private void Check()
    {
        // Linux's rules: the ones this guards against, and the only ones the probe below is written for.
        if (!OperatingSystem.IsLinux()) return;
        var options = endpoints.Value;
        var endpoint = options.SiloListeningEndpoint ?? new IPEndPoint(options.AdvertisedIPAddress, options.SiloPort);
        using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // SO_REUSEADDR alone (SOL_SOCKET 1, option 2; .NET's ReuseAddress would add SO_REUSEPORT): the
        // connections of a node that just stopped (TIME_WAIT) do not hold the port, a listener does.
        probe.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
        try
        {
            probe.Bind(endpoint);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException(
                $"The silo port {endpoint.Port} ({endpoint}) is in use by another process, perhaps another NotifyOrleans on this machine. "
                + "Give each node its own: NotifyOrleans__Orleans__SiloPort.");
        }
    }
}
