using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Email;

/// <summary>Bound to the <c>Email</c> section.</summary>
public sealed class EmailTransportOptions
{
    public const string Section = "Email";

    /// <summary>How long to wait for the server at each step (connect, each command).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>From this many waiting messages to one recipient on, they go as one digest email.</summary>
    public int DigestThreshold { get; set; } = 4;

    public int MaxDigestSize { get; set; } = 50;
}

/// <summary>SMTP with MailKit: plain, SSL on connect (465) or STARTTLS (587), with an optional login.</summary>
public sealed class EmailTransport(IOptions<EmailTransportOptions> options, TimeProvider time) : IChannelTransport
{
    public ChannelKind Kind => ChannelKind.Email;

    public int HowManyFit(IReadOnlyList<NotificationMessage> waiting) =>
        waiting.Count >= options.Value.DigestThreshold ? Math.Min(waiting.Count, options.Value.MaxDigestSize) : 1;

    public async Task<DeliveryResult> SendAsync(ChannelSettings settings, IReadOnlyList<NotificationMessage> messages, string? recipient, CancellationToken cancellationToken)
    {
        var email = (EmailSettings)settings;
        var timeout = options.Value.Timeout;
        using var mail = EmailComposer.Compose(email, messages, recipient, time.GetUtcNow());
        var certificate = new CertificateCheck(email.AllowUntrustedCertificate);
        // The callback belongs to this client alone: one channel's "allow untrusted" never weakens another's.
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds, ServerCertificateValidationCallback = certificate.Validate };
        try
        {
            await client.ConnectAsync(email.Host, email.Port, SocketOptions(email.Security), cancellationToken);
            if (!string.IsNullOrWhiteSpace(email.Username))
            {
                // Never fall back to sending without the login the channel asks for.
                if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                    return SmtpErrors.NoLoginOffered(email, startTlsOffered: client.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
                await client.AuthenticateAsync(email.Username, email.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryResult.Success;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return SmtpErrors.Classify(exception, email, certificate.LastError, timeout);
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };
}
