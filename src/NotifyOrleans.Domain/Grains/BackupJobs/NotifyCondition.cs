namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>When a channel assigned to a job hears about a run.</summary>
[GenerateSerializer, Alias("NotifyCondition")]
public enum NotifyCondition
{
    Always,
    OnSuccess,
    /// <summary>Failures, and warnings too unless the job separates them (<see cref="BackupJobState.WarningsAreFailures"/>).</summary>
    OnFailure,
    OnWarning,
    /// <summary>The job missed its schedule (and its repeats while it stays overdue, and the recovery).</summary>
    OnOverdue,
}

/// <summary>One channel on a job's notification list.</summary>
[GenerateSerializer, Immutable, Alias("ChannelAssignment")]
public sealed record ChannelAssignment(Guid ChannelId, NotifyCondition Condition, bool Enabled = true)
{
    public bool Matches(RunStatus status, bool warningsAreFailures) => Enabled && Condition switch
    {
        NotifyCondition.Always => true,
        NotifyCondition.OnSuccess => status == RunStatus.Success,
        NotifyCondition.OnFailure => status == RunStatus.Failure || (warningsAreFailures && status == RunStatus.Warning),
        NotifyCondition.OnWarning => status == RunStatus.Warning,
        NotifyCondition.OnOverdue => false, // about missing runs, not about a run
        _ => false,
    };
}
