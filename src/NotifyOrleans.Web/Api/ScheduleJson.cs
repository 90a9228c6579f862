using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// A job's monitoring settings as the API writes them: <c>schedule</c> (<c>{"every": "1D", "days":
/// ["monday", …], "at": "05:30"}</c>, <c>{"cron": "30 5 * * 1-5"}</c> or null for none),
/// <c>timeZone</c> (IANA), <c>grace</c> and <c>overdueRepeat</c> (durations like <c>1h</c> or
/// <c>PT1H</c>; null for the default grace, and for no repeats).
/// </summary>
public static class ScheduleJson
{
    public static readonly string[] Fields = ["schedule", "timeZone", "grace", "overdueRepeat"];

    /// <summary>The settings with what the body changes of these fields; problems name the field.</summary>
    public static JobSettings Apply(JsonObject body, JobSettings current, TimeSpan minimumRepeat, List<(string, string)> problems)
    {
        var schedule = current.Schedule ?? JobSchedule.None;
        var before = problems.Count;
        if (body.TryGetPropertyValue("schedule", out var node)) schedule = ReadSchedule(node, schedule.TimeZone, problems);
        var scheduleRead = problems.Count == before;
        if (ApiRequests.TryGetString(body, "timeZone", problems, out var zone))
        {
            if (TimeZones.IsKnown(zone)) schedule = schedule with { TimeZone = zone! };
            else problems.Add(("timeZone", $"'{zone}' is not an IANA time zone id like Europe/Berlin or UTC."));
        }

        // Checked also beside the other fields' problems: a bad cron said only on the second try is a form that answers in rounds.
        if (scheduleRead && JobSchedule.Check(schedule) is { } bad) problems.Add(bad);
        return current with
        {
            Schedule = schedule,
            Grace = body.ContainsKey("grace") ? ReadDuration(body, "grace", problems) : current.Grace,
            OverdueRepeat = body.ContainsKey("overdueRepeat") ? ReadRepeat(body, "overdueRepeat", minimumRepeat, problems) : current.OverdueRepeat,
        };
    }

    public static ScheduleView? Describe(JobSchedule? schedule) => schedule switch
    {
        null or { Kind: ScheduleKind.None } => null,
        { Kind: ScheduleKind.Cron } => new ScheduleView(null, null, null, schedule.Cron),
        _ => new ScheduleView(Durations.Format(schedule.Every!.Value),
            schedule.Days is { Count: > 0 } days ? days.Select(d => d.ToString().ToLowerInvariant()).ToList() : null,
            schedule.At?.ToString("HH:mm", CultureInfo.InvariantCulture), null),
    };

    public static string? Iso(TimeSpan? duration) => duration is { } value ? XmlConvert.ToString(value) : null;

    private static JobSchedule ReadSchedule(JsonNode? node, string zone, List<(string, string)> problems)
    {
        if (node is null) return JobSchedule.None with { TimeZone = zone };
        if (node is not JsonObject schedule)
        {
            problems.Add(("schedule", "schedule is {\"every\": \"1D\", \"days\": [\"monday\"], \"at\": \"05:30\"}, {\"cron\": \"30 5 * * 1-5\"} or null."));
            return JobSchedule.None;
        }

        ApiRequests.RefuseUnknown(schedule, ["every", "days", "at", "cron"], problems, "schedule.");
        if (ApiRequests.TryGetString(schedule, "cron", problems, out var cron, "schedule."))
        {
            if (schedule.ContainsKey("every") || schedule.ContainsKey("at") || schedule.ContainsKey("days"))
                problems.Add(("schedule.cron", "A schedule is a cron expression or an interval, not both."));
            return new JobSchedule(ScheduleKind.Cron, Cron: cron, TimeZone: zone);
        }

        TimeSpan? every = null;
        if (!ApiRequests.TryGetString(schedule, "every", problems, out var everyText, "schedule.") || !Durations.TryParse(everyText, out var parsed))
            problems.Add(("schedule.every", Durations.Problem(everyText, "schedule.every", "schedule.every is a duration like 1D, 12h, 1W or 1D2h30m (or give a cron).")!));
        else every = parsed;
        TimeOnly? at = null;
        if (ApiRequests.TryGetString(schedule, "at", problems, out var atText, "schedule."))
        {
            if (TimeOnly.TryParseExact(atText, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) at = time;
            else problems.Add(("schedule.at", "schedule.at is a time of day like 05:30 (24-hour)."));
        }

        return new JobSchedule(ScheduleKind.Interval, every, ReadDays(schedule["days"], problems), at, TimeZone: zone);
    }

    private static List<DayOfWeek>? ReadDays(JsonNode? node, List<(string, string)> problems)
    {
        if (node is null) return null;
        if (node is not JsonArray days)
        {
            problems.Add(("schedule.days", "schedule.days lists weekdays, like [\"monday\", \"friday\"]."));
            return null;
        }

        var result = new List<DayOfWeek>();
        for (var i = 0; i < days.Count; i++)
        {
            var name = days[i] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            if (Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var day) && Enum.IsDefined(day) && !int.TryParse(name, out _)) result.Add(day);
            else problems.Add(($"schedule.days[{i}]", $"schedule.days[{i}] is a weekday in English, like \"monday\"."));
        }

        return result.Distinct().ToList();
    }

    /// <summary>How often a notice repeats: a duration of at least <paramref name="minimum"/> (<c>Monitoring:MinimumRepeat</c>), or null for never.</summary>
    public static TimeSpan? ReadRepeat(JsonObject body, string field, TimeSpan minimum, List<(string, string)> problems)
    {
        var repeat = ReadDuration(body, field, problems);
        if (repeat < minimum) problems.Add((field, $"{field} is at least {Durations.Format(minimum)}: a notice repeated more often floods its channels. null: no repeats."));
        return repeat;
    }

    public static TimeSpan? ReadDuration(JsonObject body, string field, List<(string, string)> problems, string path = "")
    {
        if (body[field] is null) return null;
        if (ApiRequests.TryGetString(body, field, problems, out var text, path) && Durations.TryParse(text, out var duration)) return duration;
        problems.Add((path + field, Durations.Problem(text, path + field, $"{path}{field} is a duration like 30m, 1h, 1D or PT1H, or null.")!));
        return null;
    }
}
