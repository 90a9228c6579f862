using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Email;

/// <summary>
/// Turns what MailKit throws into the words of the troubleshooting guide, and decides whether
/// retrying can help. Misconfigurations (wrong password, wrong security mode) are permanent.
/// </summary>
public static class SmtpErrors
{
    public static DeliveryResult Classify(Exception exception, EmailSettings settings, SslPolicyErrors? certificateError, TimeSpan timeout)
    {
        var server = $"{settings.Host}:{settings.Port}";
        var chain = Chain(exception).ToList();

        if (chain.OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => new DeliveryResult.TransientFailure($"Connection refused to smtp server {server}"),
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => new DeliveryResult.TransientFailure($"SMTP server not found: {settings.Host}"),
                SocketError.TimedOut => new DeliveryResult.TransientFailure($"Connection to smtp server {server} timed out"),
                _ => new DeliveryResult.TransientFailure($"Could not connect to smtp server {server}: {socket.Message}"),
            };
        }

        if (exception is SslHandshakeException)
        {
            return certificateError is { } certificate
                ? new DeliveryResult.PermanentFailure($"The TLS certificate of {settings.Host} is not trusted ({certificate}). Install a trusted certificate on the server, or tick 'Allow untrusted certificate' for this channel.")
                : settings.Security == SmtpSecurity.Ssl
                    ? new DeliveryResult.PermanentFailure($"The server at {server} did not start TLS. If it uses STARTTLS (usually port 587), set Security to STARTTLS; SSL is for servers that use TLS from the start (usually port 465).")
                    : new DeliveryResult.PermanentFailure($"TLS with the smtp server {server} failed: {exception.Message}");
        }

        if (exception is AuthenticationException)
        {
            // "454 4.7.0 Too many login attempts" after a burst is a wait, not a wrong password.
            return System.Text.RegularExpressions.Regex.Match(exception.Message, @"^\s*(4\d\d)\b") is { Success: true } deferred
                ? new DeliveryResult.TransientFailure($"The smtp server {server} refused the login for now ({deferred.Groups[1].Value}): {exception.Message}")
                : new DeliveryResult.PermanentFailure($"Invalid login credentials for smtp server {server} (535). Check the user name and password.");
        }

        if (exception is NotSupportedException && exception.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase))
            return new DeliveryResult.PermanentFailure($"The server at {server} does not offer STARTTLS. Set Security to None for a plain relay, or SSL if it uses TLS from the start (usually port 465).");

        if (exception is ServiceNotAuthenticatedException)
            return new DeliveryResult.PermanentFailure($"The smtp server {server} requires a login: enter a user name and password.");

        if (exception is SmtpCommandException command)
        {
            var status = (int)command.StatusCode;
            if (command.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase))
                return new DeliveryResult.PermanentFailure($"The server at {server} requires STARTTLS: set Security to STARTTLS.");
            if (status == 530)
                return new DeliveryResult.PermanentFailure($"The smtp server {server} requires a login: enter a user name and password.");
            var what = command.ErrorCode switch
            {
                SmtpErrorCode.RecipientNotAccepted => $"the recipient {command.Mailbox}",
                SmtpErrorCode.SenderNotAccepted => $"the sender {command.Mailbox}",
                _ => "the message",
            };
            if (status < 500) return new DeliveryResult.TransientFailure($"The smtp server {server} deferred {what} ({status}): {command.Message}");
            var refused = $"The smtp server {server} refused {what} ({status}): {command.Message}";
            // A recipient or a message refused is about this mail (a person's mailbox gone); a sender refused is the channel's From.
            return command.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted
                ? new DeliveryResult.Rejected(refused)
                : new DeliveryResult.PermanentFailure(refused);
        }

        if (chain.Any(e => e is TimeoutException or OperationCanceledException) || exception.Message.Contains("timed out", StringComparison.OrdinalIgnoreCase))
            return new DeliveryResult.TransientFailure(settings.Security == SmtpSecurity.Ssl
                ? $"No answer from smtp server {server} within {timeout.TotalSeconds:0} s."
                : $"No answer from smtp server {server} within {timeout.TotalSeconds:0} s. If it uses TLS from the start (usually port 465), set Security to SSL.");

        return new DeliveryResult.TransientFailure($"Sending through smtp server {server} failed: {exception.Message}");
    }

    /// <summary>Credentials are configured but the server offers no AUTH: refuse rather than send without them.</summary>
    public static DeliveryResult NoLoginOffered(EmailSettings settings, bool startTlsOffered) =>
        new DeliveryResult.PermanentFailure(startTlsOffered && settings.Security == SmtpSecurity.None
            ? $"The server at {settings.Host}:{settings.Port} offers login only after STARTTLS: set Security to STARTTLS."
            : $"The smtp server {settings.Host}:{settings.Port} offers no login (AUTH), so the user name and password cannot be used. Clear them if it is a relay without login; nothing was sent.");

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
            yield return current;
    }
}
