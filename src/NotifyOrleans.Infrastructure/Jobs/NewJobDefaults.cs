using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// What a job reported for the first time starts with (Notifications → Defaults for new jobs): its
/// channels, and whether they hear of every failed run or only of the one that opens an incident.
/// </summary>
public sealed record NewJobDefaults(IReadOnlyList<ChannelAssignment> Assignments, bool OnlyFirstFailure)
{
    public void StartWith(BackupJobState state)
    {
        state.Assignments = Assignments.ToList();
        state.OnlyFirstFailure = OnlyFirstFailure;
    }
}
