using NotifyOrleans.Infrastructure.Channels.Email;

namespace NotifyOrleans.UnitTests.Channels;

public sealed class EmailSettingsTests
{
    [Theory]
    [InlineData(SmtpSecurity.StartTls, "mail.example.com:587 (STARTTLS) → ops@example.com, sam@example.com")]
    [InlineData(SmtpSecurity.Ssl, "mail.example.com:587 (SSL/TLS) → ops@example.com, sam@example.com")]
    [InlineData(SmtpSecurity.None, "mail.example.com:587 (no encryption) → ops@example.com, sam@example.com")]
    public void The_channel_list_names_the_security_as_the_form_does_not_as_the_code_does(SmtpSecurity security, string summary) =>
        Assert.Equal(summary, new EmailSettings { Host = "mail.example.com", Port = 587, Security = security, From = "hub@example.com", To = "ops@example.com, sam@example.com" }.Summary);
}
