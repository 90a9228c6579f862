using NotifyOrleans.Infrastructure.Runtime;

namespace NotifyOrleans.UnitTests.Runtime;

public sealed class ReminderScheduleTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_periodic_reminder_fired_on_time_is_due_again_one_period_later()
    {
        Assert.Equal(Due.AddHours(1), ReminderPump.NextDueAfter(Due, TimeSpan.FromHours(1), now: Due.AddSeconds(3)));
    }

    [Fact]
    public void After_downtime_a_periodic_reminder_skips_the_missed_periods_instead_of_firing_for_each()
    {
        var now = Due.AddHours(5).AddMinutes(10);

        var next = ReminderPump.NextDueAfter(Due, TimeSpan.FromHours(1), now);

        Assert.Equal(Due.AddHours(6), next);
        Assert.True(next > now);
    }
}
