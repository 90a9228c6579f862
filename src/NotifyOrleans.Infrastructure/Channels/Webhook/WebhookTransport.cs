using System.Text;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Webhook;

/// <summary>A generic JSON webhook: any 2xx is delivery (but an Apprise API's 204); 429 honours Retry-After; other 4xx are permanent.</summary>
public sealed partial class WebhookTransport(IHttpClientFactory httpClients) : HttpTransportBase(httpClients), IChannelTransport
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

        return SendAsync(request, response => Task.FromResult(AppriseAnswer(request.RequestUri!, response)), cancellationToken);
    }

    /// <summary>
    /// Two answers of an Apprise API (the Send to preset: <c>/notify/{key}</c>) that mean otherwise
    /// than they would from another service. 204 is its "no configuration is saved under this key":
    /// nothing went anywhere, and a Test that said "sent" would hide a mistyped key. 424 is "a service
    /// behind it failed" (Pushover down): the channel's address is right, so the notice is tried again
    /// later rather than the channel paused (the services that took it may then get it twice).
    /// </summary>
    private static DeliveryResult? AppriseAnswer(Uri address, HttpResponseMessage response)
    {
        if (!IsApprise(address)) return null;
        var target = Shown(address);
        return (int)response.StatusCode switch
        {
            204 => new DeliveryResult.PermanentFailure($"{target} answered 204 No Content: the Apprise API has no configuration saved under the key in the URL, so nothing was sent. Check the key at its end."),
            424 => new DeliveryResult.TransientFailure($"{target} answered 424 Failed Dependency: the Apprise API could not send to one of the services of the key in the URL (its log says which)."),
            _ => null,
        };
    }

    /// <summary>Whether the address is an Apprise API's stateful one, <c>…/notify/{key}</c>.</summary>
    private static bool IsApprise(Uri address) => AppriseAddress().IsMatch(address.AbsolutePath);

    [System.Text.RegularExpressions.GeneratedRegex("/notify/[A-Za-z0-9_-]{1,128}/?$")]
    private static partial System.Text.RegularExpressions.Regex AppriseAddress();
}
