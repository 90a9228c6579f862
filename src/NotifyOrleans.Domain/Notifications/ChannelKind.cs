namespace NotifyOrleans.Domain.Notifications;

public enum ChannelKind
{
    Email,
    Discord,
    Ntfy,
    Webhook,
}
