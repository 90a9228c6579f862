using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// The overdue half of the job's state machine, pure like <see cref="BackupJobTransitions"/>:
/// the deadline follows the schedule and the runs; passing it opens an incident (one Overdue
/// notice, then one per repeat period); the next run closes it, with one Recovered notice to the
/// channels that heard of it when the run is good.
/// </summary>
public static class OverdueTransitions
{
    /// <summary>After anything that moves the deadline (a run, a new schedule): the next expected run and the deadline.</summary>
    public static void Reschedule(BackupJobState state, TimeSpan grace, DateTimeOffset now)
    {
        // Stored in UTC: the schedule's zone is for reading it, and PostgreSQL keeps instants (timestamptz takes offset 0 only).
        state.OverdueAt = ScheduleMath.Deadline(state.Schedule, grace, state.LastRunAt, state.ScheduleSetAt ?? state.FirstSeenAt ?? now)?.ToUniversalTime();
        state.ExpectedAt = state.OverdueAt - grace;
        if (state.Schedule.Kind == ScheduleKind.None) Close(state); // no schedule, no incident
    }

    /// <summary>
    /// At a wake-up (the reminder, an activation): opens the incident when the deadline has passed,
    /// or repeats its notice when a repeat period has gone by. Idempotent: waking twice notifies once.
    /// </summary>
    public static IReadOnlyList<JobNotification> Check(BackupJobState state, DateTimeOffset now)
    {
        if (state.OverdueSince is null)
        {
            if (state.OverdueAt is not { } deadline || deadline > now) return [];
            state.OverdueSince = deadline;
            state.OverdueNotifiedAt = now;
            return Notice(state, deadline);
        }

        if (state.AcknowledgedAt is not null || state.OverdueRepeatMs is not { } repeat || state.OverdueNotifiedAt is not { } last || now < last.AddMilliseconds(repeat)) return [];
        state.OverdueNotifiedAt = now;
        return Notice(state, state.OverdueSince.Value);
    }

    /// <summary>When the grain must look next: the deadline, or the next repeat of an open incident nobody acknowledged; null: never.</summary>
    public static DateTimeOffset? NextWake(BackupJobState state) =>
        state.OverdueSince is null ? state.OverdueAt
        : state.AcknowledgedAt is null && state.OverdueRepeatMs is { } repeat && state.OverdueNotifiedAt is { } last ? last.AddMilliseconds(repeat)
        : null;

    public const int CommentMaxLength = 500;

    /// <summary>Someone takes the open incident on: its repeats stop; the next incident (after a recovery) is new. False when nothing is open.</summary>
    public static bool Acknowledge(BackupJobState state, string by, string? comment, DateTimeOffset now)
    {
        if (state.OverdueSince is null || state.AcknowledgedAt is not null) return false;
        state.AcknowledgedAt = now;
        state.AcknowledgedBy = by;
        state.AcknowledgeComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        return true;
    }

    /// <summary>A run arrived: the open incident ends; a good run tells the channels that heard of it.</summary>
    public static IReadOnlyList<JobNotification> Recover(BackupJobState state, RunReport run)
    {
        if (state.OverdueSince is not { } since) return [];
        Close(state);
        if (run.Status == RunStatus.Failure) return []; // the failure notice says what matters now
        var channels = OverdueChannels(state);
        return channels.Count == 0 ? [] : [new JobNotification(EventTypes.BackupRecovered, run, channels, DownSince: since)];
    }

    private static void Close(BackupJobState state)
    {
        state.OverdueSince = state.OverdueNotifiedAt = state.AcknowledgedAt = null;
        state.AcknowledgedBy = state.AcknowledgeComment = null;
    }

    private static List<JobNotification> Notice(BackupJobState state, DateTimeOffset deadline)
    {
        var channels = OverdueChannels(state);
        if (channels.Count == 0) return [];
        // What the templates read: the job's names, its last run (or, never run, since when it was expected), the missed time.
        var lastKnown = new RunReport
        {
            RunId = "overdue",
            ServerName = state.ServerName,
            JobName = state.JobName,
            Status = state.Status,
            EndedAt = state.LastRunAt ?? state.ScheduleSetAt ?? deadline,
            SizeBytes = state.LastSizeBytes,
            FileCount = state.LastFileCount,
        };
        return [new JobNotification(EventTypes.BackupOverdue, lastKnown, channels, ExpectedAt: state.ExpectedAt, DownSince: deadline)];
    }

    private static List<Guid> OverdueChannels(BackupJobState state) => state.Assignments
        .Where(a => a.Enabled && a.Condition is NotifyCondition.OnOverdue or NotifyCondition.Always)
        .Select(a => a.ChannelId)
        .Distinct()
        .ToList();
}
