using Microsoft.Extensions.Options;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Email;

namespace NotifyOrleans.FunctionalTests.Channels;

/// <summary>The email channel against a real SMTP server in each security mode.</summary>
public sealed class EmailTransportTests
{
    // The server answers every test but one; under a loaded CI machine its Python process can take
    // seconds to, so they wait as long as the app does. Only the test of a server that never answers waits less.
    private static readonly EmailTransport Transport = new(Options.Create(new EmailTransportOptions()), TimeProvider.System);
    private static readonly EmailTransport Impatient = new(Options.Create(new EmailTransportOptions { Timeout = TimeSpan.FromSeconds(3) }), TimeProvider.System);

    private static readonly NotificationMessage Failure = new(
        EventTypes.BackupFailure, NotificationKind.Failure, "❌ Backup Documents on nas-01 failed",
        "The backup failed at 2026-11-22 09:00 UTC.\n\nAccess to /data is denied.", null,
        [new MessageField("Server", "nas-01"), new MessageField("Backup", "Documents"), new MessageField("Error", "Access <denied>", false)],
        [new MessageLink("Acknowledge", "http://hub.example/ack/T", Acts: true), new MessageLink("Open in NotifyOrleans", "http://hub.example/jobs/1")],
        new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero), 5);

    private static EmailSettings Settings(int port, SmtpSecurity security, bool auth, string password = SmtpServer.Password) => new()
    {
        Host = "localhost", Port = port, Security = security,
        Username = auth ? SmtpServer.User : null, Password = auth ? password : null,
        From = "backups@example.test", To = "ops@example.test, oncall@example.test",
        AllowUntrustedCertificate = true,
    };

    [Fact]
    public async Task Starttls_with_login_delivers_an_html_and_text_mail_to_every_recipient()
    {
        await using var server = await SmtpServer.StartAsync("starttls", auth: true);

        var result = await Transport.SendAsync(Settings(server.Port, SmtpSecurity.StartTls, auth: true), [Failure], null, default);

        AssertSent(result);
        var mail = Assert.Single(server.Messages());
        Assert.Equal("❌ Backup Documents on nas-01 failed", mail.Subject);
        Assert.Equal(["ops@example.test", "oncall@example.test"], mail.RcptTos);
        Assert.Contains("Access to /data is denied.", mail.Text);
        Assert.Contains("Server: nas-01", mail.Text);
        Assert.Contains("#CF222E", mail.Html);                      // the red status bar
        Assert.Contains("Access &lt;denied&gt;", mail.Html);        // user text is escaped
        Assert.Contains("2026-11-22 09:00:00 UTC", mail.Html);
        Assert.Contains("http://hub.example/jobs/1", mail.Html);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", mail.Html); // a phone lays it out at its own width
        Assert.Matches("<a href=\"http://hub.example/ack/T\" style=\"display:inline-block;[^\"]*padding:10px 16px;[^\"]*background:#0969da", mail.Html!); // a button a thumb can hit
        // A stack trace's long lines break on a phone instead of making the mail 1,000 px wide.
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(mail.Html!, "white-space:pre-line;overflow-wrap:anywhere")); // the body and its three fields
        Assert.Matches(@"(?m)^Message-I[Dd]: <[^@\s]+@example\.test>\r?$", mail.Raw);
        Assert.Matches(@"(?m)^Date: ", mail.Raw);
    }

    [Fact]
    public async Task Credentials_for_a_server_that_offers_no_login_are_refused_not_dropped()
    {
        await using var server = await SmtpServer.StartAsync("plain", auth: false);

        var result = await Transport.SendAsync(Settings(server.Port, SmtpSecurity.None, auth: true), [Failure], null, default);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.Contains("offers no login", failure.Error);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Implicit_tls_with_login_delivers()
    {
        await using var server = await SmtpServer.StartAsync("ssl", auth: true);

        var result = await Transport.SendAsync(Settings(server.Port, SmtpSecurity.Ssl, auth: true), [Failure], null, default);

        AssertSent(result);
        Assert.Equal("❌ Backup Documents on nas-01 failed", Assert.Single(server.Messages()).Subject);
    }

    [Fact]
    public async Task A_plain_relay_without_login_delivers()
    {
        await using var server = await SmtpServer.StartAsync("plain", auth: false);

        var result = await Transport.SendAsync(Settings(server.Port, SmtpSecurity.None, auth: false), [Failure], "someone@example.test", default);

        AssertSent(result);
        Assert.Equal(["someone@example.test"], Assert.Single(server.Messages()).RcptTos);
    }

    [Fact]
    public async Task A_mailbox_the_server_does_not_know_refuses_this_mail_not_the_channel()
    {
        await using var server = await SmtpServer.StartAsync("plain", auth: false);

        var result = await Transport.SendAsync(Settings(server.Port, SmtpSecurity.None, auth: false), [Failure], "refused@example.test", default);

        var rejected = Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Contains("refused the recipient refused@example.test (550)", rejected.Error);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task A_wrong_password_is_a_permanent_invalid_login_credentials()
    {
        await using var server = await SmtpServer.StartAsync("starttls", auth: true);

        var result = await Transport.SendAsync(Settings(server.Port, SmtpSecurity.StartTls, auth: true, password: "wrong"), [Failure], null, default);

        Assert.Contains("Invalid login credentials", result.ErrorText);
        Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task A_closed_port_is_a_transient_connection_refused_naming_host_and_port()
    {
        var port = Repository.FreePort(); // nothing listens there: connection refused

        var result = await Transport.SendAsync(Settings(port, SmtpSecurity.StartTls, auth: false), [Failure], null, default);

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(result);
        Assert.Equal($"Connection refused to smtp server localhost:{port}", failure.Error);
    }

    [Fact]
    public async Task Ssl_against_a_starttls_server_says_to_choose_starttls()
    {
        await using var server = await SmtpServer.StartAsync("starttls", auth: true);

        var result = await Transport.SendAsync(Settings(server.Port, SmtpSecurity.Ssl, auth: true), [Failure], null, default);

        Assert.Contains("set Security to STARTTLS", result.ErrorText); // first, so a failure shows the text
        Assert.IsType<DeliveryResult.PermanentFailure>(result);
    }

    [Fact]
    public async Task Starttls_against_an_implicit_tls_server_suggests_ssl()
    {
        await using var server = await SmtpServer.StartAsync("ssl", auth: true);

        var result = await Impatient.SendAsync(Settings(server.Port, SmtpSecurity.StartTls, auth: true), [Failure], null, default);

        Assert.Contains("set Security to SSL", result.ErrorText);
    }

    [Fact]
    public async Task No_security_against_a_server_that_requires_starttls_says_so()
    {
        await using var server = await SmtpServer.StartAsync("starttls", auth: true);

        var result = await Transport.SendAsync(Settings(server.Port, SmtpSecurity.None, auth: true), [Failure], null, default);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.Contains("STARTTLS", failure.Error);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_unless_the_channel_allows_it()
    {
        await using var server = await SmtpServer.StartAsync("starttls", auth: true);
        var strict = Settings(server.Port, SmtpSecurity.StartTls, auth: true);
        strict.AllowUntrustedCertificate = false;

        var result = await Transport.SendAsync(strict, [Failure], null, default);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.Contains("certificate", failure.Error);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Several_waiting_messages_become_one_digest()
    {
        await using var server = await SmtpServer.StartAsync("plain", auth: false);
        var messages = Enumerable.Range(1, 5).Select(i => Failure with { Title = $"Backup {i} failed" }).ToList();

        var fit = Transport.HowManyFit(messages);
        var result = await Transport.SendAsync(Settings(server.Port, SmtpSecurity.None, auth: false), messages[..fit], null, default);

        Assert.Equal(5, fit);
        AssertSent(result);
        var mail = Assert.Single(server.Messages());
        Assert.Equal("Backup 1 failed, and 4 more: 4 failures", mail.Subject); // the inbox names the most urgent and counts the rest
        Assert.All(messages, m => Assert.Contains(m.Title, mail.Text));
    }

    private static void AssertSent(DeliveryResult result) =>
        Assert.True(result is DeliveryResult.Sent, $"Expected Sent, got {result.GetType().Name}: {result.ErrorText}");
}
