namespace NotifyOrleans.Domain.Notifications;

/// <summary>
/// What a notice is, in the words of subscriptions: a recovery is not counted as a success, nor a
/// missed run as a failure. For the lines that count several notices at once (a digest's title).
/// </summary>
public static class NoticeNames
{
    public static (string One, string Many) Of(NotificationMessage message) => message.EventType switch
    {
        EventTypes.BackupRecovered => ("recovery", "recoveries"),
        EventTypes.BackupOverdue => ("missed run", "missed runs"),
        EventTypes.BackupEscalated => ("escalation", "escalations"),
        _ => message.Kind switch
        {
            NotificationKind.Failure => ("failure", "failures"),
            NotificationKind.Warning => ("warning", "warnings"),
            NotificationKind.Success => ("success", "successes"),
            _ => ("notice", "notices"),
        },
    };

    /// <summary>"1 failure, 1 missed run, 2 successes": the most urgent first.</summary>
    public static string Counted(IEnumerable<NotificationMessage> messages) => string.Join(", ",
        messages.GroupBy(m => (m.Kind, Name: Of(m))).OrderBy(g => g.Key.Kind.DeliveryPriority())
            .Select(g => Counts.Of(g.Count(), g.Key.Name.One, g.Key.Name.Many)));
}
