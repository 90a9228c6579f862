using System.Text;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Webhook;

/// <summary>A generic JSON webhook: any 2xx is delivery; 429 honours Retry-After; other 4xx are permanent.</summary>
public sealed class WebhookTransport(IHttpClientFactory httpClients) : HttpTransportBase(httpClients), IChannelTransport
{
    public ChannelKind Kind => ChannelKind.Webhook;

    /// <summary>A webhook is the user's own service with no published rate limit; a 429 still holds the channel.</summary>
    public int ParallelSends => 4;

    public Task<DeliveryResult> SendAsync(ChannelSettings settings, IReadOnlyList<NotificationMessage> messages, string? recipient, CancellationToken cancellationToken)
    {
        var webhook = (WebhookSettings)settings;
        var request = new HttpRequestMessage(new HttpMethod(webhook.Method), webhook.Url)
        {
            Content = new StringContent(WebhookBody.Render(messages[0], webhook.BodyTemplate), Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.ParseAdd("NotifyOrleans/1.0");
        foreach (var (name, value) in webhook.ParsedHeaders)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content.Headers.TryAddWithoutValidation(name, value);
        }

        return SendAsync(request, interpret: null, cancellationToken);
    }
}
