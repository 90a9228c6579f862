using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace NotifyOrleans.Infrastructure.Channels.Email;

/// <summary>
/// The server certificate check of one send: trusted certificates pass; an untrusted one passes
/// only when the channel allows it, and its error is kept for a clear message.
/// </summary>
public sealed class CertificateCheck(bool allowUntrusted)
{
    public SslPolicyErrors? LastError { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        LastError = errors;
        return allowUntrusted;
    }
}
