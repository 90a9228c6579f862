using NotifyOrleans.Infrastructure.Channels.Webhook;

namespace NotifyOrleans.UnitTests.Channels;

public sealed class WebhookSettingsTests
{
    [Fact]
    public void A_login_in_the_url_is_refused_rather_than_dropped_when_sending()
    {
        var problems = new WebhookSettings { Url = "http://bob:URLPASS2@hooks.example.com/in" }.Validate().ToList();

        Assert.Equal("Url", Assert.Single(problems).Property);
        Assert.Contains("Authorization: Basic", problems[0].Message);
        Assert.Empty(new WebhookSettings { Url = "http://hooks.example.com/in", Headers = "Authorization: Basic Ym9iOlVSTFBBU1My" }.Validate());
    }
}
