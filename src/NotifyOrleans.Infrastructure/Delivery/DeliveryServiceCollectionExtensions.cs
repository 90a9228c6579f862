using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Discord;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Channels.Ntfy;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Infrastructure.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Channels, their transports, templates, the outbox and its dispatcher.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
        services.AddOptions<EmailTransportOptions>().BindConfiguration(EmailTransportOptions.Section);
        services.AddHttpClient(HttpTransportBase.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));

        services.AddSingleton<IChannelTransport, EmailTransport>();
        services.AddSingleton<IChannelTransport, DiscordTransport>();
        services.AddSingleton<IChannelTransport, NtfyTransport>();
        services.AddSingleton<IChannelTransport, WebhookTransport>();
        services.AddSingleton<ChannelTransports>();
        services.AddSingleton<ChannelSettingsSerializer>();
        services.AddSingleton<TemplateRenderer>();
        services.AddScoped<ChannelTester>();
        services.AddScoped<SystemEventRecorder>();

        services.AddSingleton<OutboxSignal>();
        services.AddScoped<NotificationOutbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
