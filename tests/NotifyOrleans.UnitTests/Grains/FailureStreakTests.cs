using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.UnitTests.Grains;

public sealed class FailureStreakTests
{
    [Fact]
    public void A_streak_ending_in_a_warning_is_not_called_failed_runs() =>
        Assert.Equal("1 run in a row with warnings or failures (warnings count as failures for this job)", FailureStreak.Describe(1, RunStatus.Warning, Start, lastSuccessAt: Start));

    [Fact]
    public void A_streak_of_failures_says_so() =>
        Assert.Equal("3 failed runs in a row", FailureStreak.Describe(3, RunStatus.Failure, Start, lastSuccessAt: Start.AddDays(-1)));

    [Fact]
    public void A_warning_then_a_failure_is_not_two_failed_runs() => // the warning made its backup: the job's last success is in the streak
        Assert.Equal("2 runs in a row with warnings or failures (warnings count as failures for this job)",
            FailureStreak.Describe(2, RunStatus.Failure, Start, lastSuccessAt: Start));

    private static readonly DateTimeOffset Start = new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);
}
