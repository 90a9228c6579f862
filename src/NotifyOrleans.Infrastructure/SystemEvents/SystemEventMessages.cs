using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Notifications;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>Renders a system event into the message its channels get, and the one its user gets directly.</summary>
public sealed class SystemEventMessages(TemplateRenderer templates, IncidentLinks links)
{
    public static string EventTypeOf(SystemEventType type) => type switch
    {
        SystemEventType.UserLogin => EventTypes.UserLogin,
        SystemEventType.UserCreated => EventTypes.UserCreated,
        SystemEventType.RestoreCompleted => EventTypes.RestoreCompleted,
        SystemEventType.RestoreFailed => EventTypes.RestoreFailed,
        SystemEventType.ConfigurationBackup => EventTypes.ConfigurationBackup,
        _ => EventTypes.SystemError,
    };

    /// <param name="repeats">System errors: how many times the same fault was held back since it was last sent.</param>
    /// <param name="userName">The display name of the account the event is about (<c>{{userName}}</c>); its address when it has none.</param>
    public NotificationMessage ForChannels(SystemEvent occurrence, int repeats = 0, string? userName = null) =>
        templates.Render(EventTypeOf(occurrence.Type), ContextOf(occurrence, userName) with
        {
            Message = repeats > 0 ? $"{occurrence.Summary} (The same fault happened {Counts.Of(repeats, "more time")} since the last notice.)" : occurrence.Summary,
        });

    /// <summary>
    /// What the user the event is about reads, in their own time zone: the welcome email for a new
    /// account, the login notice (what to do if it was not them) for a login.
    /// </summary>
    public NotificationMessage ForUser(SystemEvent occurrence, TimeZoneInfo zone, string? userName = null) => occurrence.Type == SystemEventType.UserCreated
        // The address and browser are the admin's who made the account: not the new user's business.
        ? templates.Render(EventTypes.UserWelcome, ContextOf(occurrence, userName) with { IpAddress = null, UserAgent = null, Zone = zone })
        : templates.Render(EventTypes.UserLoginNotice, ContextOf(occurrence, userName) with { Zone = zone });

    private NotificationContext ContextOf(SystemEvent occurrence, string? userName) => new()
    {
        Timestamp = occurrence.OccurredAt,
        UserEmail = occurrence.UserEmail,
        UserName = string.IsNullOrWhiteSpace(userName) ? occurrence.UserEmail : userName,
        // Who did it, when that is someone else (an admin creating an account): a login's "By" only repeated its User.
        ActorEmail = string.Equals(occurrence.ActorEmail, occurrence.UserEmail, StringComparison.OrdinalIgnoreCase) ? null : occurrence.ActorEmail,
        IpAddress = occurrence.IpAddress,
        UserAgent = occurrence.UserAgent,
        ServerName = occurrence.ServerName,
        BackupName = occurrence.JobName,
        ErrorDetails = occurrence.Details,
        Message = occurrence.Summary,
        JobUrl = occurrence.JobKey is { } job ? links.JobPage(job) : null,
        ConsoleUrl = occurrence.Type.CanNotifyUser() ? links.Console()
            : occurrence.Type == SystemEventType.SystemError && links.Console() is { } root ? root + WhereToLook(occurrence.FaultKey) : null,
    };

    /// <summary>The page a System Error's reader acts on: a channel's faults on Channels, messages given up in the delivery log, the rest among the events.</summary>
    private static string WhereToLook(string? faultKey) => faultKey?.Split(':')[0] switch
    {
        "channel-failed" or "channel-not-answering" or "message-rejected" => "Channels",
        "gave-up" => "Deliveries",
        _ => "Events",
    };
}
