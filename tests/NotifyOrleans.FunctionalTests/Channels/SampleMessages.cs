using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.FunctionalTests.Channels;

public static class SampleMessages
{
    public static NotificationMessage Failure(string title = "❌ Backup Documents on nas-01 failed", string? body = null) => new(
        EventTypes.BackupFailure, NotificationKind.Failure, title,
        body ?? "The backup failed at 2026-11-22 09:00 UTC: access to /data is denied.", null,
        [new MessageField("Server", "nas-01"), new MessageField("Backup", "Documents"), new MessageField("Error", "Access denied", false)],
        [new MessageLink("Open in NotifyOrleans", "http://hub.example/jobs/1")],
        new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero), 5, ["rotating_light"]);

    public static NotificationMessage Success(string title = "✅ Backup Documents on nas-01 succeeded") =>
        Failure(title, "All good.") with { EventType = EventTypes.BackupSuccess, Kind = NotificationKind.Success, Priority = 2 };
}
