using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.Infrastructure.Channels.Webhook;

namespace NotifyOrleans.FunctionalTests.Channels;

public sealed class WebhookTransportTests : IAsyncLifetime
{
    private readonly FakeWebhookReceiver _receiver = new();
    private readonly WebhookTransport _transport = new(new SimpleHttpClientFactory());

    public Task InitializeAsync() => _receiver.StartAsync();
    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task The_default_body_is_json_with_the_message_fields_and_custom_headers_are_sent()
    {
        var settings = new WebhookSettings { Url = _receiver.BaseUrl + "/hook", Headers = "Authorization: Bearer abc\nX-Team: ops" };

        var result = await _transport.SendAsync(settings, [SampleMessages.Failure()], null, default);

        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
        var (method, body, headers) = Assert.Single(_receiver.Received);
        Assert.Equal("POST", method);
        Assert.Equal("Bearer abc", headers.Authorization.ToString());
        Assert.Equal("ops", headers["X-Team"].ToString());
        using var json = JsonDocument.Parse(body);
        Assert.Equal("backup.failure", json.RootElement.GetProperty("eventType").GetString());
        Assert.Equal("failure", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("nas-01", json.RootElement.GetProperty("fields").GetProperty("Server").GetString());
    }

    [Fact]
    public async Task A_certificate_nobody_trusts_is_named_as_the_reason()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=hooks.internal", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        await using var receiver = new FakeWebhookReceiver { Certificate = certificate };
        await receiver.StartAsync();

        var result = await _transport.SendAsync(new WebhookSettings { Url = receiver.BaseUrl + "/hook" }, [SampleMessages.Failure()], null, default);

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(result);
        Assert.StartsWith($"TLS with {receiver.BaseUrl} failed: The remote certificate is invalid", failure.Error);
        // Self-signed, and for hooks.internal while called as 127.0.0.1: both causes, each with what to do.
        Assert.EndsWith("The certificate is self-signed or from a CA this machine does not trust: add that CA to the system's trust store (Debian: copy it to /usr/local/share/ca-certificates/ as a file ending in .crt, then run update-ca-certificates), or give the receiver a certificate from a public CA. "
            + "The certificate is not for 127.0.0.1: put a name it carries in the channel's URL, or give the receiver a certificate for 127.0.0.1.", failure.Error);
        Assert.DoesNotContain("inner exception", failure.Error);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_body_template_gets_json_escaped_values()
    {
        var settings = new WebhookSettings { Url = _receiver.BaseUrl + "/hook", Method = "PUT", BodyTemplate = "{\"text\": \"{{title}}: {{body}}\"}" };

        var result = await _transport.SendAsync(settings, [SampleMessages.Failure("Say \"hi\"", "line1\nline2 \\ end")], null, default);

        Assert.True(result is DeliveryResult.Sent, result.ErrorText);
        using var json = JsonDocument.Parse(_receiver.Received.Single().Body);
        Assert.Equal("Say \"hi\": line1\nline2 \\ end", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("PUT", _receiver.Received.Single().Method);
    }

    [Theory]
    [InlineData(503, typeof(DeliveryResult.TransientFailure))]
    [InlineData(500, typeof(DeliveryResult.TransientFailure))]
    [InlineData(404, typeof(DeliveryResult.PermanentFailure))]
    [InlineData(401, typeof(DeliveryResult.PermanentFailure))]
    [InlineData(400, typeof(DeliveryResult.Rejected))] // this body, not the channel
    [InlineData(422, typeof(DeliveryResult.Rejected))]
    public async Task Server_errors_are_transient_and_client_errors_permanent(int status, Type expected)
    {
        _receiver.ForcedStatus = status;

        var result = await _transport.SendAsync(new WebhookSettings { Url = _receiver.BaseUrl + "/hook" }, [SampleMessages.Failure()], null, default);

        Assert.IsType(expected, result);
        Assert.Contains(status.ToString(), result.ErrorText);
    }

    [Fact]
    public async Task A_429_honours_retry_after()
    {
        _receiver.NextRetryAfter = 42;

        var result = await _transport.SendAsync(new WebhookSettings { Url = _receiver.BaseUrl + "/hook" }, [SampleMessages.Failure()], null, default);

        Assert.Equal(TimeSpan.FromSeconds(42), Assert.IsType<DeliveryResult.RetryAfter>(result).Delay);
    }
}
