using System.Net.Mail;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Email;

/// <summary>
/// Turns what SmtpClient throws into the words of the troubleshooting guide, and decides whether
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

        if (certificateError is { } certificate && chain.Any(e => e is AuthenticationException))
            return new DeliveryResult.PermanentFailure($"The TLS certificate of {settings.Host} is not trusted ({certificate}). Install a trusted certificate on the server, or tick 'Allow untrusted certificate'.");

        if (settings.Security == SmtpSecurity.Ssl && chain.Any(e => e is AuthenticationException or IOException) && chain.OfType<SmtpException>().FirstOrDefault() is null)
            return new DeliveryResult.PermanentFailure($"The server at {server} did not start TLS. If it uses STARTTLS (usually port 587), set Security to STARTTLS; SSL is for servers that use TLS from the start (usually port 465).");

        if (chain.OfType<SmtpFailedRecipientException>().FirstOrDefault() is { } recipient)
            return Status(recipient.StatusCode) >= 500
                ? new DeliveryResult.PermanentFailure($"The smtp server refused the recipient {recipient.FailedRecipient}: {recipient.Message}")
                : new DeliveryResult.TransientFailure($"The smtp server deferred the recipient {recipient.FailedRecipient}: {recipient.Message}");

        if (chain.OfType<SmtpException>().FirstOrDefault() is { } smtp)
        {
            var text = string.Join(" ", chain.Select(e => e.Message));
            var status = Status(smtp.StatusCode);
            if (text.Contains("does not support secure connections", StringComparison.OrdinalIgnoreCase))
                return new DeliveryResult.PermanentFailure($"The server at {server} does not offer STARTTLS. Set Security to None for a plain relay, or SSL if it uses TLS from the start (usually port 465).");
            if (status == 535 || text.Contains("5.7.8", StringComparison.Ordinal) || text.Contains("authentication failed", StringComparison.OrdinalIgnoreCase) || text.Contains("credentials invalid", StringComparison.OrdinalIgnoreCase))
                return new DeliveryResult.PermanentFailure($"Invalid login credentials for smtp server {server} (535). Check the user name and password.");
            if (text.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) && status is 530 or 0 or 554)
                return new DeliveryResult.PermanentFailure($"The server at {server} requires STARTTLS: set Security to STARTTLS.");
            if (status == 530 || text.Contains("Authentication required", StringComparison.OrdinalIgnoreCase))
                // SmtpClient swallows a failed AUTH (535) and goes on without it; the server then
                // answers 530. With credentials configured, that means they were refused.
                return new DeliveryResult.PermanentFailure(string.IsNullOrWhiteSpace(settings.Username)
                    ? $"The smtp server {server} requires a login: enter a user name and password."
                    : $"Invalid login credentials for smtp server {server}: the server refused the user name or password.");
            if (text.Contains("timed out", StringComparison.OrdinalIgnoreCase))
                return new DeliveryResult.TransientFailure(settings.Security == SmtpSecurity.Ssl
                    ? $"No answer from smtp server {server} within {timeout.TotalSeconds:0} s."
                    : $"No answer from smtp server {server} within {timeout.TotalSeconds:0} s. If it uses TLS from the start (usually port 465), set Security to SSL.");
            if (status is >= 500 and < 600)
                return new DeliveryResult.PermanentFailure($"The smtp server {server} refused the message ({status}): {smtp.Message}");
            return new DeliveryResult.TransientFailure($"Sending through smtp server {server} failed: {text}");
        }

        if (exception is OperationCanceledException)
            return new DeliveryResult.TransientFailure($"No answer from smtp server {server} within {timeout.TotalSeconds:0} s.");
        return new DeliveryResult.TransientFailure($"Sending through smtp server {server} failed: {exception.Message}");
    }

    private static int Status(SmtpStatusCode code) => (int)code;

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
            yield return current;
    }
}
