using System.Text.Json.Nodes;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Web.Api;

namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>One row of the escalation editor: a trigger (after a time, or after failures in a row), channels, users, a priority.</summary>
public sealed class EscalationStepInput
{
    /// <summary>"after" (Value is a duration), "failures" (Value is a count), or empty: an unused row.</summary>
    public string? Trigger { get; set; }
    public string? Value { get; set; }
    public List<Guid> Channels { get; set; } = [];
    /// <summary>User ids.</summary>
    public List<string> Users { get; set; } = [];
    public string Priority { get; set; } = EscalationStep.PriorityName(EscalationStep.DefaultPriority);

    public bool IsBlank => string.IsNullOrWhiteSpace(Trigger) || (string.IsNullOrWhiteSpace(Value) && Channels.Count == 0 && Users.Count == 0);
}

/// <summary>
/// What the escalation editor edits: its steps (and, on a job, whether it follows the global
/// default). Read by the API's reader (<see cref="IncidentJson"/>), so the console and the API
/// take the same steps with the same messages.
/// </summary>
public sealed class EscalationInput
{
    /// <summary>Empty rows offered for new steps.</summary>
    public const int SpareRows = 2;

    public bool UseDefault { get; set; }
    public List<EscalationStepInput> Steps { get; set; } = [];

    public static EscalationInput From(IReadOnlyList<EscalationStep>? steps) => new()
    {
        UseDefault = steps is null,
        Steps = (steps ?? []).Select(step => new EscalationStepInput
            {
                Trigger = step.After is not null ? "after" : "failures",
                Value = step.After is { } after ? Durations.Format(after) : step.AfterFailures?.ToString(),
                Channels = step.Channels.ToList(),
                Users = step.People.ToList(),
                Priority = EscalationStep.PriorityName(step.Priority),
            })
            // A spare row counts the incident's time until told otherwise: on "(no step)", a time and
            // channels filled in were dropped without a word. "(no step)" is how a step is removed.
            .Concat(Enumerable.Range(0, SpareRows).Select(_ => new EscalationStepInput { Trigger = "after" }))
            .ToList(),
    };

    /// <summary>The steps (null: follow the default); problems are keyed by the form's field names under <paramref name="prefix"/>.</summary>
    public List<EscalationStep>? Read(string prefix, KnownChannels channels, PeopleDirectory people, List<(string Field, string Message)> problems)
    {
        if (UseDefault) return null;

        var rows = Steps.Select((row, index) => (row, index)).Where(r => !r.row.IsBlank).ToList();
        var json = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            [r.row.Trigger == "after" ? "after" : "afterFailures"] = r.row.Trigger == "after" ? r.row.Value?.Trim() : decimal.TryParse(r.row.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (JsonNode?)r.row.Value,
            ["channels"] = new JsonArray(r.row.Channels.Select(id => (JsonNode)id.ToString()).ToArray()),
            ["users"] = new JsonArray(r.row.Users.Select(id => (JsonNode)id).ToArray()),
            ["priority"] = r.row.Priority,
        }).ToArray());
        var found = new List<(string, string)>();
        var steps = IncidentJson.ReadPolicy(json, "escalation", channels, people, found);
        // escalation[2].after → Escalation.Steps[5].Value: the row as the form numbers it.
        problems.AddRange(found.Select(p => (FormField(p.Item1, prefix, rows.Select(r => r.index).ToList()), FormWording.Of(p.Item1, p.Item2, mayBeEmpty: false))));
        return steps;
    }

    private static string FormField(string field, string prefix, List<int> rowIndexes)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, @"^escalation\[(\d+)\](?:\.(\w+))?");
        if (!match.Success) return $"{prefix}.Steps";
        var row = rowIndexes[int.Parse(match.Groups[1].Value)];
        var member = match.Groups[2].Value switch { "channels" => "Channels", "users" => "Users", "priority" => "Priority", "" => "Trigger", _ => "Value" };
        return $"{prefix}.Steps[{row}].{member}";
    }
}

/// <summary>What <c>_EscalationEditor</c> renders: the input, the channels (<paramref name="Disabled"/> marked so) and people to pick from, and whether "use the default" is offered (on a job).</summary>
public sealed record EscalationEditor(EscalationInput Input, IReadOnlyList<(Guid Id, string Name)> Channels, PeopleDirectory People, string Prefix, bool OffersDefault,
    IReadOnlySet<Guid>? Disabled = null)
{
    public string Label(Guid id, string name) => ChannelLabel.Of(id, name, Disabled);
}
