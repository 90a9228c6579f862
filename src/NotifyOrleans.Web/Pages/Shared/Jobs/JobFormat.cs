using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Notifications;

namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>How job values read on pages.</summary>
public static class JobFormat
{
    public static string Badge(RunStatus status) => status switch
    {
        RunStatus.Success => "text-bg-success",
        RunStatus.Warning => "text-bg-warning",
        RunStatus.Failure => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public static string Label(RunStatus status) => status == RunStatus.Failure ? "Failed" : status.ToString();

    public static string When(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'") ?? "—";

    public static string Size(long? bytes) => bytes is { } b ? Format.Bytes(b) : "—";

    public static string Duration(TimeSpan? duration) => duration is { } d ? Format.Duration(d) : "—";

    public static string Link(string key) => "/Jobs/Details?id=" + Uri.EscapeDataString(key);
}
