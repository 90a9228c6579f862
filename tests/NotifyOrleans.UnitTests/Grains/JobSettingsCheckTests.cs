using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.UnitTests.Grains;

/// <summary>Settings that come whole (a configuration import) are held to the rules the API and the console keep field by field.</summary>
public sealed class JobSettingsCheckTests
{
    private static readonly JobSettings Sound = new([], Schedule: JobSchedule.None with { TimeZone = "Europe/Berlin" }, Grace: TimeSpan.FromHours(1));

    public static TheoryData<JobSettings, string> Broken => new()
    {
        { Sound with { Schedule = JobSchedule.None with { TimeZone = "Mars/Base" } }, "timeZone" },
        { Sound with { Schedule = new JobSchedule(ScheduleKind.Cron, Cron: "not a cron", TimeZone: "UTC") }, "schedule.cron" },
        { Sound with { Grace = TimeSpan.Zero }, "grace" },
        { Sound with { FailureRepeat = TimeSpan.FromDays(3_000_000) }, "failureRepeat" },
        { Sound with { MaxDuration = Durations.Longest + TimeSpan.FromSeconds(1) }, "maxDuration" },
        { Sound with { FailuresBeforeAlert = 0 }, "failuresBeforeAlert" },
        { Sound with { Escalation = [new EscalationStep(TimeSpan.FromDays(4000), null, [Guid.NewGuid()], 5)] }, "escalation[0].after" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Settings_that_cannot_work_name_their_field(JobSettings settings, string field) =>
        Assert.Equal(field, settings.Check()?.Field);

    [Fact]
    public void Sound_settings_and_the_longest_durations_pass() =>
        Assert.Null((Sound with { FailureRepeat = Durations.Longest, Escalation = [new EscalationStep(Durations.Longest, null, [Guid.NewGuid()], 5)] }).Check());
}
