using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Email;

/// <summary>Bound to the <c>Email</c> section.</summary>
public sealed class EmailTransportOptions
{
    public const string Section = "Email";

    /// <summary>How long to wait for the server at each step.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>From this many waiting messages to one recipient on, they go as one digest email.</summary>
    public int DigestThreshold { get; set; } = 4;

    public int MaxDigestSize { get; set; } = 50;
}

/// <summary>SMTP with System.Net.Mail (MailKit is not on our registry): None, STARTTLS, or implicit TLS through a relay.</summary>
public sealed class EmailTransport(IOptions<EmailTransportOptions> options) : IChannelTransport
{
    public ChannelKind Kind => ChannelKind.Email;

    public int HowManyFit(IReadOnlyList<NotificationMessage> waiting) =>
        waiting.Count >= options.Value.DigestThreshold ? Math.Min(waiting.Count, options.Value.MaxDigestSize) : 1;

    public async Task<DeliveryResult> SendAsync(ChannelSettings settings, IReadOnlyList<NotificationMessage> messages, string? recipient, CancellationToken cancellationToken)
    {
        var email = (EmailSettings)settings;
        var timeout = options.Value.Timeout;
        using var mail = EmailComposer.Compose(email, messages, recipient);
        using var certificates = SmtpCertificatePolicy.Begin(email.AllowUntrustedCertificate);
        ImplicitTlsTunnel? tunnel = null;
        try
        {
            var (host, port) = (email.Host, email.Port);
            if (email.Security == SmtpSecurity.Ssl)
            {
                tunnel = await ImplicitTlsTunnel.OpenAsync(email.Host, email.Port, SmtpCertificatePolicy.Validate, timeout, cancellationToken);
                (host, port) = (IPAddress.Loopback.ToString(), tunnel.LocalPort);
            }

            using var client = new SmtpClient(host, port)
            {
                EnableSsl = email.Security == SmtpSecurity.StartTls,
                Timeout = (int)timeout.TotalMilliseconds,
                DeliveryMethod = SmtpDeliveryMethod.Network,
            };
            if (!string.IsNullOrWhiteSpace(email.Username))
                client.Credentials = new NetworkCredential(email.Username, email.Password ?? "");
            await client.SendMailAsync(mail, cancellationToken);
            return DeliveryResult.Success;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return SmtpErrors.Classify(exception, email, certificates.LastError, timeout);
        }
        finally
        {
            if (tunnel is not null) await tunnel.DisposeAsync();
        }
    }
}
