using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// Says at start that the node's advertised host name resolved to a loopback address (Debian maps
/// a machine's own name to 127.0.1.1): only nodes on this machine can reach it, and nodes elsewhere
/// would vote it out. An address given as 127.0.0.1 is meant (nodes on one machine) and is not warned of.
/// </summary>
public sealed class LoopbackAddressWarning(ILogger<LoopbackAddressWarning> logger, string hostName, IPAddress resolved) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning("{Setting} is {HostName}, which resolves to {Address}, a loopback address: only nodes on this machine can reach this one. " +
            "Give the address the other nodes reach it at (README, \"Running a cluster\").", $"{SiloSettings.Section}:AdvertisedAddress", hostName, resolved);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
