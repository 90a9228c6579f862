using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// Says at every start that the key ring is stored unencrypted (PostgreSQL without
/// <c>DataProtection:CertificatePath</c>). Data Protection itself warns only when it writes a new
/// key, once, on one node: a node that started later, or a restart, said nothing.
/// </summary>
public sealed class UnencryptedKeyRingWarning(ILogger<UnencryptedKeyRingWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning("No key-ring certificate ({Setting}): the Data Protection keys, which open the channels' secrets, are stored " +
            "unencrypted in the database. Give every node the same certificate (README, \"Running a cluster\").", $"{KeyRingCertificate.Section}:CertificatePath");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
