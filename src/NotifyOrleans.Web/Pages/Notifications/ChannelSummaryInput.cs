using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Channels;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Web.Pages.Shared.Forms;

namespace NotifyOrleans.Web.Pages.Notifications;

/// <summary>The Notifications page's "Summary for channels" form.</summary>
public sealed class ChannelSummaryInput
{
    public SummaryFrequency Frequency { get; set; }
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;
    public string? At { get; set; } = "08:00";
    public string TimeZoneId { get; set; } = "UTC";
    public string? Server { get; set; }
    public List<Guid> Channels { get; set; } = [];

    public static ChannelSummaryInput Of(ChannelSummary summary) => new()
    {
        Frequency = summary.Schedule.Frequency,
        Day = summary.Schedule.Day,
        At = TimeOfDay.Write(summary.Schedule.At),
        TimeZoneId = summary.TimeZoneId,
        Server = summary.Server,
        Channels = summary.Channels.ToList(),
    };

    /// <summary>The setting, or null with each problem added under its field (<paramref name="prefix"/>.Field).</summary>
    public ChannelSummary? Read(string prefix, IReadOnlySet<Guid> channels, List<(string Field, string Message)> problems)
    {
        var count = problems.Count;
        if (!TimeZones.IsKnown(TimeZoneId)) problems.Add(($"{prefix}.TimeZoneId", "Choose a time zone from the list."));
        if (!TimeOfDay.TryRead(At, out var at) && Frequency != SummaryFrequency.Off)
            problems.Add(($"{prefix}.At", "Give the time of day as HH:mm, for example 08:00."));
        if (Server?.Trim().Length > Subscription.TargetMaxLength) problems.Add(($"{prefix}.Server", $"At most {Subscription.TargetMaxLength} characters."));
        if (Frequency != SummaryFrequency.Off && !Channels.Any(channels.Contains))
            problems.Add(($"{prefix}.Channels", "Choose at least one channel to send the summary to."));
        if (problems.Count > count) return null;
        return new ChannelSummary(new SummarySchedule(Frequency, at, Day), TimeZoneId, Channels.Where(channels.Contains).Distinct().ToList(),
            string.IsNullOrWhiteSpace(Server) ? null : Server.Trim());
    }
}
