using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Subscriptions;

namespace NotifyOrleans.UnitTests.Notifications;

/// <summary>The digest quiet hours send when they end: what it held, counted in the words people subscribed with.</summary>
public sealed class DigestTests
{
    private static readonly DateTimeOffset Morning = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    private static NotificationMessage Held(string eventType, NotificationKind kind, int hour) =>
        new(eventType, kind, $"{eventType} at {hour}", "", null, [], [], Morning.AddHours(-hour));

    [Fact]
    public void A_recovery_is_counted_as_a_recovery_and_a_missed_run_as_a_missed_run()
    {
        var digest = QuietHoursDigest.Build(
        [
            Held(EventTypes.BackupFailure, NotificationKind.Failure, 5),
            Held(EventTypes.BackupOverdue, NotificationKind.Failure, 4),
            Held(EventTypes.BackupRecovered, NotificationKind.Success, 3),
            Held(EventTypes.BackupSuccess, NotificationKind.Success, 2),
            Held(EventTypes.BackupSuccess, NotificationKind.Success, 1),
        ], TimeZoneInfo.Utc, Morning, consoleUrl: null, "Your quiet hours");

        Assert.Equal("While you were away: 5 notices (1 failure, 1 missed run, 1 recovery, 2 successes)", digest.Title);
        Assert.Equal(NotificationKind.Failure, digest.Kind);
    }

    [Fact]
    public void A_line_of_this_week_names_its_weekday_and_an_older_one_its_date()
    {
        var digest = QuietHoursDigest.Build(
        [
            Held(EventTypes.BackupWarning, NotificationKind.Warning, 11 * 24), // a late report of an old run
            Held(EventTypes.BackupWarning, NotificationKind.Warning, 5),
        ], TimeZoneInfo.Utc, Morning, consoleUrl: null, "Your quiet hours");

        Assert.Contains("2026-11-20 06:00  backup.warning at 264", digest.Body);
        Assert.Contains("Tue 01:00  backup.warning at 5", digest.Body);
    }

    [Fact]
    public void The_whole_digest_is_in_the_readers_zone_its_own_time_too()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        var digest = QuietHoursDigest.Build([Held(EventTypes.BackupWarning, NotificationKind.Warning, 5)], tokyo, Morning, consoleUrl: null, "Your quiet hours");

        Assert.Contains($"{TimeZoneInfo.ConvertTime(Morning.AddHours(-5), tokyo):ddd HH:mm}  backup.warning at 5", digest.Body);
        Assert.Equal("Asia/Tokyo", digest.TimeZoneId); // the email's footer writes its time in it
    }

    [Fact]
    public void A_recovery_says_how_long_the_job_was_down_and_each_job_page_is_linked_once()
    {
        MessageLink[] links = [new("Open in NotifyOrleans", "https://hub.example/Jobs/Details?id=nas-01%2Fdocs"), new("Acknowledge", "https://hub.example/ack/x", Acts: true)];
        MessageField[] fields = [new("Server", "nas-01"), new("Backup", "docs")];
        var failed = Held(EventTypes.BackupFailure, NotificationKind.Failure, 5) with { Title = "❌ Backup docs on nas-01 failed", Fields = fields, Links = links };
        var recovered = Held(EventTypes.BackupRecovered, NotificationKind.Success, 2) with { Title = "✅ Backup docs on nas-01 is back to normal", Fields = [.. fields, new("Down for", "3h 00m")], Links = links };

        var digest = QuietHoursDigest.Build([failed, recovered], TimeZoneInfo.Utc, Morning, consoleUrl: null, "Your quiet hours");

        Assert.Contains("Tue 04:00  ✅ Backup docs on nas-01 is back to normal (down for 3h 00m)\n", digest.Body);
        Assert.EndsWith("\n\ndocs on nas-01: https://hub.example/Jobs/Details?id=nas-01%2Fdocs", digest.Body); // once, not the Acknowledge link
        Assert.Contains("<a href=\"https://hub.example/Jobs/Details?id=nas-01%2Fdocs\">❌ Backup docs on nas-01 failed</a>", digest.HtmlBody);
    }

    [Fact]
    public void A_failures_line_says_what_went_wrong_in_one_line()
    {
        const string error = "Duplicati.Library.Interface.UserInformationException: No valid source folders found, aborting backup as it would be empty\n"
            + "2026-11-22 05:27:55 +00 - [Warning-Duplicati.Library.Main.Controller-SourceIsMissing]: The source path /data does not exist, skipping";
        var failed = Held(EventTypes.BackupFailure, NotificationKind.Failure, 5) with { Title = "❌ Backup docs on nas-01 failed", Fields = [new("Error", error, Inline: false, SaidInBody: true)] };

        var digest = QuietHoursDigest.Build([failed], TimeZoneInfo.Utc, Morning, consoleUrl: null, "Your quiet hours");

        Assert.Contains("Tue 01:00  ❌ Backup docs on nas-01 failed: No valid source folders found, aborting backup as it would be empty", digest.Body);
        Assert.DoesNotContain("SourceIsMissing", digest.Body);
    }

    [Fact]
    public void A_digest_emails_subject_names_the_most_urgent_notice_and_counts_the_others()
    {
        List<NotificationMessage> burst =
        [
            Held(EventTypes.BackupSuccess, NotificationKind.Success, 5) with { Title = "✅ docs on nas-02" },
            Held(EventTypes.BackupFailure, NotificationKind.Failure, 4) with { Title = "❌ docs on nas-01 failed" },
            Held(EventTypes.BackupFailure, NotificationKind.Failure, 3),
            Held(EventTypes.BackupOverdue, NotificationKind.Failure, 2),
        ];

        Assert.Equal("❌ docs on nas-01 failed, and 3 more: 1 failure, 1 missed run, 1 success", NotifyOrleans.Infrastructure.Channels.Email.EmailComposer.Subject(burst));
        Assert.Equal("✅ docs on nas-02", NotifyOrleans.Infrastructure.Channels.Email.EmailComposer.Subject(burst[..1]));
    }
}
