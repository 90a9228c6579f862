using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>The settings' version (the API's ETag) changes with every setting, so no edit passes as "unchanged".</summary>
public sealed class JobSettingsTests
{
    private static readonly JobSettings Base = new([new ChannelAssignment(Guid.Empty, NotifyCondition.OnFailure)]);

    private static readonly string[] Settings =
    [
        nameof(JobSettings.Assignments), nameof(JobSettings.WarningsAreFailures), nameof(JobSettings.Schedule), nameof(JobSettings.Grace),
        nameof(JobSettings.OverdueRepeat), nameof(JobSettings.FailuresBeforeAlert), nameof(JobSettings.FailureRepeat),
        nameof(JobSettings.MaxDuration), nameof(JobSettings.Escalation), nameof(JobSettings.Notes), nameof(JobSettings.OnlyFirstFailure),
        nameof(JobSettings.SizeDropPercent),
    ];

    public static TheoryData<string> Changes => new(Settings);

    [Theory]
    [MemberData(nameof(Changes))]
    public void Every_setting_changes_the_version(string setting)
    {
        var changed = setting switch
        {
            nameof(JobSettings.Assignments) => Base with { Assignments = [] },
            nameof(JobSettings.WarningsAreFailures) => Base with { WarningsAreFailures = false },
            nameof(JobSettings.Schedule) => Base with { Schedule = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1)) },
            nameof(JobSettings.Grace) => Base with { Grace = TimeSpan.FromMinutes(5) },
            nameof(JobSettings.OverdueRepeat) => Base with { OverdueRepeat = TimeSpan.FromHours(1) },
            nameof(JobSettings.FailuresBeforeAlert) => Base with { FailuresBeforeAlert = 2 },
            nameof(JobSettings.FailureRepeat) => Base with { FailureRepeat = TimeSpan.FromHours(1) },
            nameof(JobSettings.MaxDuration) => Base with { MaxDuration = TimeSpan.FromHours(6) },
            nameof(JobSettings.Escalation) => Base with { Escalation = [] },
            nameof(JobSettings.Notes) => Base with { Notes = "Call Sam." },
            nameof(JobSettings.OnlyFirstFailure) => Base with { OnlyFirstFailure = true },
            nameof(JobSettings.SizeDropPercent) => Base with { SizeDropPercent = 80 },
            _ => throw new ArgumentOutOfRangeException(nameof(setting)),
        };

        Assert.NotEqual(Base.Version, changed.Version);
    }

    [Fact]
    public void Settings_without_notes_and_telling_every_failure_keep_the_version_they_had_before_either_existed()
    {
        Assert.Equal("17963bd4fc63b331", Base.Version); // as computed before notes existed: an upgrade changes no ETag
    }

    [Fact]
    public void Notes_from_a_browsers_text_area_are_kept_with_the_notices_line_breaks()
    {
        var state = new BackupJobState();

        (Base with { Notes = "  Call Sam.\r\nThen the NAS.\r\n" }).ApplyTo(state, DateTimeOffset.UnixEpoch);

        Assert.Equal("Call Sam.\nThen the NAS.", state.Notes);
    }

    [Fact]
    public void Every_setting_is_listed_here()
    {
        var properties = typeof(JobSettings).GetProperties().Select(p => p.Name).Where(name => name != nameof(JobSettings.Version)).Order();

        Assert.Equal(properties, Settings.Order());
    }

    [Fact]
    public void A_jobs_notices_give_their_times_in_its_schedules_zone_and_without_one_in_the_servers()
    {
        var scheduled = new BackupJobState { Schedule = new JobSchedule(ScheduleKind.Interval, TimeSpan.FromDays(1), TimeZone: "Asia/Tokyo") };

        Assert.Equal("Asia/Tokyo", scheduled.NoticeTimeZone);
        Assert.Equal(NotifyOrleans.Domain.TimeZones.Server, new BackupJobState().NoticeTimeZone);
    }
}
