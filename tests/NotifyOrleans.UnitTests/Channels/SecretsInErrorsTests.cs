using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Channels.Ntfy;
using NotifyOrleans.Infrastructure.Channels.Webhook;

namespace NotifyOrleans.UnitTests.Channels;

public sealed class SecretsInErrorsTests
{
    [Fact]
    public void A_webhooks_url_parts_and_header_values_are_hidden_and_what_locates_the_fault_stays()
    {
        var settings = new WebhookSettings
        {
            Url = "https://hooks.example.com/services/T0KEN-PATH-1/x?token=QUERY-SECRET&v=1",
            Headers = "Authorization: Bearer HEADER-SECRET-88\nX-Auth: short7",
        };
        const string echoed = "400 from hooks.example.com: POST /services/T0KEN-PATH-1/x?token=QUERY-SECRET&v=1 with "
            + "\"Authorization\": \"Bearer HEADER-SECRET-88\", \"X-Auth\": \"short7\"; token QUERY-SECRET unknown; see T0KEN-PATH-1";

        var scrubbed = SecretsInErrors.Scrub(echoed, settings);

        Assert.Equal("400 from hooks.example.com: POST *** with \"Authorization\": \"***\", \"X-Auth\": \"***\"; token *** unknown; see ***", scrubbed);
    }

    [Fact]
    public void An_ntfy_login_is_hidden_also_as_its_basic_header_carries_it()
    {
        var settings = new NtfySettings { ServerUrl = "https://ntfy.example.com", Topic = "backups", Username = "ops", Password = "pw-Secret-1", AccessToken = "tk_ACCESS0123" };
        var basic = Convert.ToBase64String("ops:pw-Secret-1"u8.ToArray());

        var scrubbed = SecretsInErrors.Scrub($"proxy says: Authorization: Basic {basic}; password pw-Secret-1; Bearer tk_ACCESS0123", settings);

        Assert.Equal("proxy says: Authorization: Basic ***; password ***; Bearer ***", scrubbed);
    }

    [Fact]
    public void A_short_password_is_hidden_whole_and_a_channel_without_secrets_changes_nothing()
    {
        Assert.Equal("535 auth failed for ops (***)", SecretsInErrors.Scrub("535 auth failed for ops (hunter2)", new EmailSettings { Password = "hunter2" }));
        Assert.Equal("535 auth failed", SecretsInErrors.Scrub("535 auth failed", new EmailSettings()));
    }
}
