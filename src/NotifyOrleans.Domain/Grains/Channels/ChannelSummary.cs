using NotifyOrleans.Domain.Grains.Users;

namespace NotifyOrleans.Domain.Grains.Channels;

/// <summary>The channels' summary setting: when, in which zone, to which channels, about all jobs or one server's.</summary>
public sealed record ChannelSummary(SummarySchedule Schedule, string TimeZoneId, IReadOnlyList<Guid> Channels, string? Server = null)
{
    public static ChannelSummary Off { get; } = new(new SummarySchedule(SummaryFrequency.Off, new TimeOnly(8, 0)), "UTC", []);

    public bool IsOn => Schedule.IsOn && Channels.Count > 0;

    /// <summary>What it reports on, as a subscription would name it.</summary>
    public Subscription Covers => string.IsNullOrWhiteSpace(Server)
        ? new Subscription(SubscriptionScope.AllJobs, null, Outcomes.Failure)
        : new Subscription(SubscriptionScope.Server, Server.Trim(), Outcomes.Failure);
}
