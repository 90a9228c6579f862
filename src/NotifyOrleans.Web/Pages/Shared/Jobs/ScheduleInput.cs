using System.Globalization;
using System.Text.Json.Nodes;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Web.Api;

namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>
/// The job page's schedule form. It is read by the API's own reader (<see cref="ScheduleJson"/>),
/// so the console and the API accept exactly the same schedules with the same messages.
/// </summary>
public sealed class ScheduleInput
{
    public string Kind { get; set; } = "none";
    public string? Every { get; set; }
    public List<DayOfWeek> Days { get; set; } = [];
    public string? At { get; set; }
    public string? Cron { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public string? Grace { get; set; }
    public string? Repeat { get; set; }

    public static ScheduleInput From(JobSettings settings, string defaultZone)
    {
        var schedule = settings.Schedule ?? JobSchedule.None;
        return new ScheduleInput
        {
            Kind = schedule.Kind.ToString().ToLowerInvariant(),
            Every = schedule.Every is { } every ? Durations.Format(every) : null,
            Days = schedule.Days?.ToList() ?? [],
            At = schedule.At?.ToString("HH:mm", CultureInfo.InvariantCulture),
            Cron = schedule.Cron,
            TimeZone = schedule.Kind == ScheduleKind.None ? defaultZone : schedule.TimeZone,
            Grace = settings.Grace is { } grace ? Durations.Format(grace) : null,
            Repeat = settings.OverdueRepeat is { } repeat ? Durations.Format(repeat) : null,
        };
    }

    /// <summary>The settings with this schedule; problems are keyed by the form's field names.</summary>
    public JobSettings Apply(JobSettings current, List<(string Field, string Message)> problems)
    {
        var body = new JsonObject
        {
            ["schedule"] = Kind switch
            {
                "interval" => new JsonObject
                {
                    ["every"] = Every ?? "",
                    ["days"] = Days.Count is 0 or 7 ? null : new JsonArray(Days.Select(d => (JsonNode)d.ToString().ToLowerInvariant()).ToArray()),
                    ["at"] = string.IsNullOrWhiteSpace(At) ? null : At,
                },
                "cron" => new JsonObject { ["cron"] = Cron ?? "" },
                _ => null,
            },
            ["timeZone"] = TimeZone,
            ["grace"] = string.IsNullOrWhiteSpace(Grace) ? null : Grace,
            ["overdueRepeat"] = string.IsNullOrWhiteSpace(Repeat) ? null : Repeat,
        };
        var found = new List<(string, string)>();
        var settings = ScheduleJson.Apply(body, current, found);
        problems.AddRange(found.Select(p => (FormField(p.Item1), p.Item2)));
        return settings;
    }

    private static string FormField(string jsonField) => jsonField switch
    {
        "timeZone" => "ScheduleForm.TimeZone",
        "grace" => "ScheduleForm.Grace",
        "overdueRepeat" => "ScheduleForm.Repeat",
        var f when f.StartsWith("schedule.days", StringComparison.Ordinal) => "ScheduleForm.Days",
        var f when f.StartsWith("schedule.", StringComparison.Ordinal) => "ScheduleForm." + char.ToUpperInvariant(f[9]) + f[10..],
        _ => "ScheduleForm.Kind",
    };
}
