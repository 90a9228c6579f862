using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NotifyOrleans.Infrastructure.Grains;

/// <summary>
/// Says at start that the node of a cluster advertises a loopback address: its host name resolved
/// to one (Debian maps a machine's own name to 127.0.1.1), or none was given and it took the
/// default, 127.0.0.1. Only nodes on this machine can reach it, and nodes elsewhere would vote it
/// out. An address given as 127.0.0.1 is meant (nodes on one machine) and is not warned of.
/// </summary>
/// <param name="hostName">The name given; null when none was.</param>
public sealed class LoopbackAddressWarning(ILogger<LoopbackAddressWarning> logger, string? hostName, IPAddress resolved) : IHostedService
{
    private const string Advice = "Give the address the other nodes reach it at (README, \"Running a cluster\"), or 127.0.0.1 when every node runs on this machine.";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (hostName is null)
            logger.LogWarning("{Setting} is not set: this node advertises {Address}, which only nodes on this machine can reach. " + Advice, Setting, resolved);
        else
            logger.LogWarning("{Setting} is {HostName}, which resolves to {Address}, a loopback address: only nodes on this machine can reach this one. " + Advice, Setting, hostName, resolved);
        return Task.CompletedTask;
    }

    private static string Setting => $"{SiloSettings.Section}:AdvertisedAddress";

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
