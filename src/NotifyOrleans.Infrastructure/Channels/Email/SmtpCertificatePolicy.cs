using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace NotifyOrleans.Infrastructure.Channels.Email;

/// <summary>
/// SmtpClient has no per-client certificate check; it uses the process-wide
/// ServicePointManager callback. This policy installs that callback once and lets a channel that
/// allows untrusted certificates say so for the duration of its own send (an async-local flag),
/// so one channel's exception never weakens another's connection. It also remembers the last
/// certificate error of the current send, for a clear error message.
/// </summary>
public static class SmtpCertificatePolicy
{
    private static readonly AsyncLocal<SendScope?> Current = new();

    static SmtpCertificatePolicy()
    {
#pragma warning disable SYSLIB0014 // ServicePointManager is obsolete, but SmtpClient's STARTTLS still consults it (PLATFORM-NOTES §7).
        ServicePointManager.ServerCertificateValidationCallback = Validate;
#pragma warning restore SYSLIB0014
    }

    /// <summary>Starts a send; dispose it when the send ends.</summary>
    public static SendScope Begin(bool allowUntrusted)
    {
        var scope = new SendScope(allowUntrusted);
        Current.Value = scope;
        return scope;
    }

    public static bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        var scope = Current.Value;
        if (scope is not null) scope.LastError = errors;
        return scope?.AllowUntrusted == true;
    }

    public sealed class SendScope(bool allowUntrusted) : IDisposable
    {
        public bool AllowUntrusted { get; } = allowUntrusted;
        public SslPolicyErrors? LastError { get; set; }

        public void Dispose() => Current.Value = null;
    }
}
