using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>One row of the assignments form; an empty channel means "not used".</summary>
public sealed class AssignmentInput
{
    public Guid? ChannelId { get; set; }
    public NotifyCondition Condition { get; set; } = NotifyCondition.OnFailure;
    public bool Enabled { get; set; } = true;

    public static List<AssignmentInput> From(IEnumerable<ChannelAssignment> assignments) =>
        assignments.Select(a => new AssignmentInput { ChannelId = a.ChannelId, Condition = a.Condition, Enabled = a.Enabled }).ToList();

    /// <summary>The rows that name an existing channel, without duplicates.</summary>
    public static List<ChannelAssignment> ToAssignments(IEnumerable<AssignmentInput> rows, IReadOnlySet<Guid> existingChannels) =>
        rows.Where(r => r.ChannelId is { } id && existingChannels.Contains(id))
            .Select(r => new ChannelAssignment(r.ChannelId!.Value, r.Condition, r.Enabled))
            .DistinctBy(a => (a.ChannelId, a.Condition))
            .ToList();
}

/// <summary>What the assignments editor needs to render; <paramref name="Disabled"/>: the channels to mark as disabled.</summary>
public sealed record AssignmentEditor(IReadOnlyList<AssignmentInput> Rows, IReadOnlyList<(Guid Id, string Name)> Channels, bool CanEdit, bool? WarningsAreFailures,
    IReadOnlySet<Guid>? Disabled = null)
{
    public string Label(Guid id, string name) => ChannelLabel.Of(id, name, Disabled);
}
