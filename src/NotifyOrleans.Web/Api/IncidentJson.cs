using System.Text.Json.Nodes;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Identity;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// A job's incident settings as the API writes them: <c>failuresBeforeAlert</c> (1–100),
/// <c>failureRepeat</c> and <c>maxDuration</c> (durations, or null for never), <c>onlyFirstFailure</c>
/// (true: On Failure channels and subscribers hear of an incident's first failed run only),
/// <c>sizeDropPercent</c> (a good run that fell by more than this share is a warning; null: the default), and
/// <c>escalation</c>: an array of steps <c>{"after": "2h" | "afterFailures": 3, "channels": [id or name],
/// "users": ["ada@example.com"], "priority": "high"}</c>, or null to follow the global default policy.
/// </summary>
public static class IncidentJson
{
    public static readonly string[] Fields = ["failuresBeforeAlert", "failureRepeat", "onlyFirstFailure", "maxDuration", "escalation", "sizeDropPercent"];

    public static JobSettings Apply(JsonObject body, JobSettings current, KnownChannels channels, PeopleDirectory people, TimeSpan minimumRepeat, List<(string, string)> problems)
    {
        var failures = ApiRequests.GetInt(body, "failuresBeforeAlert", problems) ?? current.FailuresBeforeAlert;
        if (failures is < 1 or > JobSettings.MaxFailuresBeforeAlert)
            problems.Add(("failuresBeforeAlert", $"failuresBeforeAlert is 1 (alert on the first failure) to {JobSettings.MaxFailuresBeforeAlert}."));
        return current with
        {
            FailuresBeforeAlert = failures,
            FailureRepeat = body.ContainsKey("failureRepeat") ? ScheduleJson.ReadRepeat(body, "failureRepeat", minimumRepeat, problems) : current.FailureRepeat,
            OnlyFirstFailure = ApiRequests.GetBool(body, "onlyFirstFailure", problems) ?? current.OnlyFirstFailure,
            SizeDropPercent = body.ContainsKey("sizeDropPercent") ? ReadShare(body, problems) : current.SizeDropPercent,
            MaxDuration = body.ContainsKey("maxDuration") ? ScheduleJson.ReadDuration(body, "maxDuration", problems) : current.MaxDuration,
            Escalation = body.TryGetPropertyValue("escalation", out var node)
                ? node is null ? null : ReadPolicy(node, "escalation", channels, people, problems)
                : current.Escalation,
        };
    }

    /// <summary><c>sizeDropPercent</c>: 0 to 99, or null for the configured default.</summary>
    private static int? ReadShare(JsonObject body, List<(string, string)> problems)
    {
        if (body["sizeDropPercent"] is null) return null;
        var share = ApiRequests.GetInt(body, "sizeDropPercent", problems);
        if (SizeDrops.CheckPercent(share) is { } problem) problems.Add(("sizeDropPercent", problem));
        return share;
    }

    /// <summary>Steps as written in a body (a job's, or the global default's); problems name <c>field[i].member</c>.</summary>
    public static List<EscalationStep> ReadPolicy(JsonNode? node, string field, KnownChannels channels, PeopleDirectory people, List<(string, string)> problems)
    {
        var steps = new List<EscalationStep>();
        var problemsBefore = problems.Count;
        if (node is not JsonArray entries)
        {
            problems.Add((field, $"{field} is an array of steps like {{\"after\": \"2h\", \"channels\": [id], \"priority\": \"urgent\"}}."));
            return steps;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var at = $"{field}[{i}]";
            if (entries[i] is not JsonObject entry)
            {
                problems.Add((at, $"{at} is an object with after (or afterFailures), channels, users and priority."));
                continue;
            }

            var readingStep = problems.Count;
            ApiRequests.RefuseUnknown(entry, ["after", "afterFailures", "channels", "users", "priority"], problems, at + ".");
            var after = ScheduleJson.ReadDuration(entry, "after", problems, at + ".");
            var afterFailures = ApiRequests.GetInt(entry, "afterFailures", problems, at + ".");
            var priority = EscalationStep.DefaultPriority;
            if (ApiRequests.TryGetString(entry, "priority", problems, out var word, at + "."))
            {
                if (EscalationStep.ParsePriority(word) is { } known) priority = known;
                else problems.Add(($"{at}.priority", $"{at}.priority is min, low, default, high or urgent."));
            }

            var readingRecipients = problems.Count;
            // Neither given is nobody to tell (said below), not a missing list of channels.
            var stepChannels = entry.ContainsKey("channels") ? ReadChannels(entry["channels"], $"{at}.channels", channels, problems) : [];
            var users = entry.ContainsKey("users") ? ReadUsers(entry["users"], $"{at}.users", people, problems) : [];
            var step = new EscalationStep(after, afterFailures, stepChannels, priority, users);
            steps.Add(step);
            // The rules between a step's members (one trigger, somebody to tell) once they read well;
            // nobody to tell is said with any other problem of the step too (a bad time, no trigger),
            // not in a second round once that is mended.
            var nobodyToTell = problems.Count == readingRecipients && stepChannels.Count == 0 && users.Count == 0;
            if (problems.Count == readingStep && EscalationStep.Check([step]) is { } bad) problems.Add((at + bad.Field["escalation[0]".Length..], bad.Message));
            if (nobodyToTell && !problems.Contains(($"{at}.channels", EscalationStep.NobodyToNotify))) problems.Add(($"{at}.channels", EscalationStep.NobodyToNotify));
        }

        // The policy's own rules (how many steps), once every step reads well.
        if (problems.Count == problemsBefore && EscalationStep.Check(steps) is { } wrong) problems.Add((field + wrong.Field["escalation".Length..], wrong.Message));
        return steps;
    }

    public static IReadOnlyList<EscalationStepView>? Describe(IReadOnlyList<EscalationStep>? policy, PeopleDirectory people) => policy?.Select(step => new EscalationStepView(
        ScheduleJson.Iso(step.After), step.AfterFailures, step.Channels, people.EmailsOf(step.People), EscalationStep.PriorityName(step.Priority))).ToList();

    /// <summary>Accounts' email addresses, as their ids; each problem names its index.</summary>
    public static List<string> ReadUsers(JsonNode? node, string field, PeopleDirectory people, List<(string, string)> problems)
    {
        var result = new List<string>();
        if (node is not JsonArray names)
        {
            problems.Add((field, $"{field} lists the email addresses of accounts (Users page)."));
            return result;
        }

        for (var i = 0; i < names.Count; i++)
        {
            var text = names[i] is JsonValue value && value.TryGetValue(out string? s) ? s.Trim() : null;
            if (string.IsNullOrEmpty(text)) problems.Add(($"{field}[{i}]", $"{field}[{i}] must be an account's email address."));
            else if (people.Find(text) is not { } person) problems.Add(($"{field}[{i}]", $"{field}[{i}]: no account has the email address {text}."));
            else result.Add(person.Id);
        }

        return result.Distinct().ToList();
    }

    /// <summary>A list of channels, each by id or name, that must all exist; each problem names its index.</summary>
    public static List<Guid> ReadChannels(JsonNode? node, string field, KnownChannels channels, List<(string, string)> problems)
    {
        if (node is not JsonArray entries)
        {
            problems.Add((field, $"{field} lists channels by id or name (GET /api/v1/channels lists them)."));
            return [];
        }

        return entries.Select((entry, i) => channels.Read(entry, $"{field}[{i}]", problems)).OfType<Guid>().Distinct().ToList();
    }
}
