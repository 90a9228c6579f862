using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Web.Api;
using NotifyOrleans.Infrastructure.Identity;

namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>
/// The job page's schedule and alerting form. It is read by the API's own readers
/// (<see cref="ScheduleJson"/>, <see cref="IncidentJson"/>), so the console and the API accept
/// exactly the same settings with the same messages.
/// </summary>
public sealed class ScheduleInput
{
    public string Kind { get; set; } = "none";
    public string? Every { get; set; }
    public List<DayOfWeek> Days { get; set; } = [];
    public string? At { get; set; }
    public string? Cron { get; set; }
    [Required(ErrorMessage = "Choose a time zone from the list.")]
    public string TimeZone { get; set; } = "UTC";
    public string? Grace { get; set; }
    public string? Repeat { get; set; }
    public int FailuresBeforeAlert { get; set; } = 1;
    public string? FailureRepeat { get; set; }
    public bool OnlyFirstFailure { get; set; }
    public string? MaxDuration { get; set; }

    /// <summary>Text: empty is the configured default (the API's null).</summary>
    public string? SizeDropPercent { get; set; }

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
            Grace = Text(settings.Grace),
            Repeat = Text(settings.OverdueRepeat),
            FailuresBeforeAlert = settings.FailuresBeforeAlert,
            FailureRepeat = Text(settings.FailureRepeat),
            OnlyFirstFailure = settings.OnlyFirstFailure,
            MaxDuration = Text(settings.MaxDuration),
            SizeDropPercent = settings.SizeDropPercent?.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The settings with this schedule; problems are keyed by the form's field names.</summary>
    public JobSettings Apply(JobSettings current, TimeSpan minimumRepeat, List<(string Field, string Message)> problems)
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
            ["grace"] = Blank(Grace),
            ["overdueRepeat"] = Blank(Repeat),
            ["failuresBeforeAlert"] = FailuresBeforeAlert,
            ["failureRepeat"] = Blank(FailureRepeat),
            ["onlyFirstFailure"] = OnlyFirstFailure,
            ["maxDuration"] = Blank(MaxDuration),
            ["sizeDropPercent"] = Blank(SizeDropPercent) is not { } share ? null
                : int.TryParse(share.Trim().TrimEnd('%').Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) ? percent : share, // read as the API reads it, and refused alike
        };
        var found = new List<(string, string)>();
        var settings = IncidentJson.Apply(body, ScheduleJson.Apply(body, current, minimumRepeat, found), new KnownChannels([]), PeopleDirectory.Empty, minimumRepeat, found);
        problems.AddRange(found.Select(p => (FormField(p.Item1), FormWording.Of(p.Item1, p.Item2, mayBeEmpty: true))));
        return settings;
    }

    private static string? Text(TimeSpan? duration) => duration is { } value ? Durations.Format(value) : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string FormField(string jsonField) => jsonField switch
    {
        "timeZone" => "ScheduleForm.TimeZone",
        "grace" => "ScheduleForm.Grace",
        "overdueRepeat" => "ScheduleForm.Repeat",
        "failuresBeforeAlert" => "ScheduleForm.FailuresBeforeAlert",
        "failureRepeat" => "ScheduleForm.FailureRepeat",
        "maxDuration" => "ScheduleForm.MaxDuration",
        "sizeDropPercent" => "ScheduleForm.SizeDropPercent",
        var f when f.StartsWith("schedule.days", StringComparison.Ordinal) => "ScheduleForm.Days",
        var f when f.StartsWith("schedule.", StringComparison.Ordinal) => "ScheduleForm." + char.ToUpperInvariant(f[9]) + f[10..],
        _ => "ScheduleForm.Kind",
    };
}
