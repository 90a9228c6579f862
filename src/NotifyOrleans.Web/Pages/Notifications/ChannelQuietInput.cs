using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Web.Pages.Shared.Forms;

namespace NotifyOrleans.Web.Pages.Notifications;

/// <summary>The Notifications page's "Quiet hours for channels" form.</summary>
public sealed class ChannelQuietInput
{
    public string TimeZoneId { get; set; } = "UTC";
    public string? From { get; set; }
    public string? To { get; set; }
    public bool Weekends { get; set; }
    public bool UrgentComesThrough { get; set; } = true;
    public List<Guid> Channels { get; set; } = [];

    public static ChannelQuietInput Of(ChannelQuietHours quiet) => new()
    {
        TimeZoneId = quiet.TimeZoneId,
        From = quiet.Hours.From is { } from ? TimeOfDay.Write(from) : null,
        To = quiet.Hours.To is { } to ? TimeOfDay.Write(to) : null,
        Weekends = quiet.Hours.Weekends,
        UrgentComesThrough = quiet.Hours.UrgentComesThrough,
        Channels = quiet.Channels.ToList(),
    };

    /// <summary>The setting, or null with each problem added under its field (<paramref name="prefix"/>.Field).</summary>
    public ChannelQuietHours? Read(string prefix, IReadOnlySet<Guid> channels, List<(string Field, string Message)> problems)
    {
        var count = problems.Count;
        if (!TimeZones.IsKnown(TimeZoneId)) problems.Add(($"{prefix}.TimeZoneId", "Choose a time zone from the list."));
        var from = Time(From, $"{prefix}.From", problems);
        var to = Time(To, $"{prefix}.To", problems);
        if (problems.Count == count && QuietHours.Check(from, to) is var (end, message))
            problems.Add(($"{prefix}.{end}", message));
        if (problems.Count > count) return null;
        return new ChannelQuietHours(new QuietHours(from, to, Weekends, UrgentComesThrough), TimeZoneId, Channels.Where(channels.Contains).Distinct().ToList());
    }

    private static TimeOnly? Time(string? text, string field, List<(string Field, string Message)> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (TimeOfDay.TryRead(text, out var time)) return time;
        problems.Add((field, TimeOfDay.Problem));
        return null;
    }
}
