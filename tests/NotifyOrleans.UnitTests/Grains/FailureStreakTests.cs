using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.UnitTests.Grains;

public sealed class FailureStreakTests
{
    [Fact]
    public void A_streak_ending_in_a_warning_is_not_called_failed_runs() =>
        Assert.Equal("1 run in a row with warnings or failures (warnings count as failures for this job)", FailureStreak.Describe(1, RunStatus.Warning));

    [Fact]
    public void A_streak_of_failures_says_so() =>
        Assert.Equal("3 failed runs in a row", FailureStreak.Describe(3, RunStatus.Failure));
}
