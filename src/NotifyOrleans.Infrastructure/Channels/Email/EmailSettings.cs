using System.ComponentModel.DataAnnotations;
using MimeKit;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Email;

public enum SmtpSecurity
{
    /// <summary>Plain SMTP; only for a relay on a trusted network.</summary>
    None,
    /// <summary>Implicit TLS from the first byte (port 465).</summary>
    Ssl,
    /// <summary>Plain connection upgraded with STARTTLS (port 587). The default.</summary>
    StartTls,
}

public sealed class EmailSettings : ChannelSettings
{
    public override ChannelKind Kind => ChannelKind.Email;

    [Destination]
    [Required(ErrorMessage = "Enter the SMTP server's host name.")]
    [StringLength(255, ErrorMessage = "A host name is at most 255 characters.")]
    public string Host { get; set; } = "";

    [Destination]
    [Range(1, 65535, ErrorMessage = "A port is between 1 and 65535.")]
    public int Port { get; set; } = 587;

    [Destination]
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    [StringLength(255, ErrorMessage = "A user name is at most 255 characters.")]
    public string? Username { get; set; }

    [Secret]
    [StringLength(500, ErrorMessage = "A password is at most 500 characters.")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the sender address.")]
    [EmailAddress(ErrorMessage = "Enter a valid sender address, like backups@example.com.")]
    [StringLength(255)]
    public string From { get; set; } = "";

    /// <summary>One or more recipients, separated by commas or new lines.</summary>
    [Required(ErrorMessage = "Enter at least one recipient.")]
    [StringLength(2000, ErrorMessage = "The recipient list is at most 2000 characters.")]
    public string To { get; set; } = "";

    /// <summary>Accept a self-signed or otherwise untrusted server certificate (home labs).</summary>
    [Destination]
    public bool AllowUntrustedCertificate { get; set; }

    public IReadOnlyList<string> Recipients =>
        (To ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>In the words of the channel's form: "STARTTLS", "SSL/TLS", "no encryption".</summary>
    public override string Summary => $"{Host}:{Port} ({Security switch { SmtpSecurity.StartTls => "STARTTLS", SmtpSecurity.Ssl => "SSL/TLS", _ => "no encryption" }}) → {string.Join(", ", Recipients)}";

    public override IEnumerable<(string Property, string Message)> Validate()
    {
        // MailKit parses the host into a URI only when it connects: "mail server" was saved and
        // failed at each send with "Invalid URI: The hostname could not be parsed."
        if (!string.IsNullOrWhiteSpace(Host) && Uri.CheckHostName(Host.Trim()) == UriHostNameType.Unknown)
            yield return (nameof(Host), $"'{Host}' is not a host name or an IP address (like smtp.example.com or 192.168.1.10).");

        foreach (var recipient in Recipients)
        {
            if (!MailboxAddress.TryParse(recipient, out _) || !new EmailAddressAttribute().IsValid(recipient))
                yield return (nameof(To), $"'{recipient}' is not a valid email address.");
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrWhiteSpace(Username))
            yield return (nameof(Username), "Enter the user name that goes with the password.");
    }
}
