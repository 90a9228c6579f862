using Microsoft.AspNetCore.DataProtection;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Email;

namespace NotifyOrleans.UnitTests.Channels;

/// <summary>A channel's plain settings name their enums, and rows (and configuration backups) from before, with numbers, still read.</summary>
public sealed class ChannelSettingsSerializerTests
{
    private readonly ChannelSettingsSerializer _serializer = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void Enums_are_stored_by_name()
    {
        var channel = new Channel();
        _serializer.Write(channel, new EmailSettings { Host = "smtp.example.com", Security = SmtpSecurity.Ssl, From = "a@example.com", To = "b@example.com" });

        Assert.Contains("\"security\":\"ssl\"", channel.SettingsJson);
    }

    [Fact]
    public void A_row_with_a_number_reads_names_it_and_holds_the_same_settings()
    {
        var channel = new Channel { Kind = ChannelKind.Email, SettingsJson = """{"host":"smtp.example.com","port":587,"security":2,"from":"a@example.com","to":"b@example.com"}""" };
        var settings = (EmailSettings)_serializer.Read(channel);

        Assert.Equal(SmtpSecurity.StartTls, settings.Security);
        Assert.Equal("startTls", ChannelSettingsSerializer.PlainJson(channel)["security"]!.GetValue<string>());
        Assert.True(_serializer.Holds(channel, settings)); // saving it unchanged is no change
    }
}
