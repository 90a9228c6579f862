namespace NotifyOrleans.Infrastructure.Runtime;

/// <summary>
/// A durable reminder: fires <see cref="Name"/> on grain <see cref="GrainType"/>/<see cref="GrainKey"/>
/// at <see cref="DueAt"/>. A pump on any node claims it by setting <see cref="ClaimedUntil"/> (a lease):
/// if that node dies mid-delivery, the lease runs out and another node delivers it.
/// </summary>
public sealed class ReminderRow
{
    public long Id { get; set; }
    public string GrainType { get; set; } = "";
    public string GrainKey { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public TimeSpan? Period { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
}
