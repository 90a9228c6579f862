using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Channels.Ntfy;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Notifications.Templates;

namespace NotifyOrleans.Infrastructure.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Channels, their transports, templates, the outbox and its dispatcher.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
        services.AddOptions<EmailTransportOptions>().BindConfiguration(EmailTransportOptions.Section);
        // No retries here: the outbox retries, with backoff and its log. Only a timeout, so a
        // destination that accepts the connection and never answers costs its own channel 10 s.
        // The client's own timeout bounds the whole exchange, body included (the resilience timeout
        // below ends when the headers arrive): a destination that sends headers and then stalls
        // would hold its channel's worker for ever.
        services.AddHttpClient(HttpTransportBase.HttpClientName, (provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<DeliveryOptions>>().Value.HttpTimeout + TimeSpan.FromSeconds(5))
            // A redirect is not followed: following turns the POST into a GET without the message,
            // and the login page or https site it lands on answers 200, a delivery that never was.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddResilienceHandler("channel-send", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<DeliveryOptions>>().Value.HttpTimeout));
        // A destination that does not answer in time is the channel's outcome, told where it belongs
        // (the delivery log, the channel's health, a Test's answer, a System Error when it goes on):
        // Polly's own log line of it was an error naming no channel.
        services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = arguments =>
            arguments.Event.EventName == "OnTimeout" ? ResilienceEventSeverity.Debug : arguments.Event.Severity);

        services.AddSingleton<IChannelTransport, EmailTransport>();
        services.AddSingleton<DiscordGlobalLimit>();
        services.AddSingleton<IChannelTransport, DiscordTransport>();
        services.AddSingleton<IChannelTransport, NtfyTransport>();
        services.AddSingleton<IChannelTransport, WebhookTransport>();
        services.AddSingleton<ChannelTransports>();
        services.AddSingleton<ChannelSettingsSerializer>();
        services.AddSingleton<TemplateStore>();
        services.AddHostedService<TemplateRefresher>();
        services.AddSingleton<TemplateRenderer>();
        services.AddScoped<TemplateEditor>();
        services.AddScoped<ChannelTester>();
        services.AddScoped<ChannelStore>();
        services.AddScoped<DeliveryLog>();

        services.AddSingleton<OutboxSignal>();
        services.AddScoped<NotificationOutbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
