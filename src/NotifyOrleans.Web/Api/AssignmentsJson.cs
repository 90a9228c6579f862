using System.Text.Json.Nodes;
using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// A job's channel assignments as the API writes them: <c>{"channel": id or name, "when": ["failure",
/// "warning", "success", "overdue"], "enabled": true}</c>, one entry per channel. Internally each
/// entry is one condition per row (as the form has them); all four words are the form's Always.
/// </summary>
public static class AssignmentsJson
{
    private static readonly (string Word, NotifyCondition Condition)[] Words =
        [("failure", NotifyCondition.OnFailure), ("warning", NotifyCondition.OnWarning), ("success", NotifyCondition.OnSuccess), ("overdue", NotifyCondition.OnOverdue)];

    /// <summary>
    /// The entries of channels that exist: a deleted channel's assignments stay in job rows (they
    /// do nothing), but a script that reads a job and sends it back must not get them refused.
    /// </summary>
    public static IReadOnlyList<AssignmentView> Describe(IEnumerable<ChannelAssignment> assignments, IReadOnlySet<Guid> channels) =>
        assignments.Where(a => channels.Contains(a.ChannelId)).GroupBy(a => (a.ChannelId, a.Enabled))
            .Select(g => new AssignmentView(g.Key.ChannelId,
                Words.Where(w => g.Any(a => a.Condition == w.Condition || a.Condition == NotifyCondition.Always)).Select(w => w.Word).ToList(),
                g.Key.Enabled))
            .ToList();

    /// <summary>The assignments in <paramref name="node"/> (a JSON array), or problems naming the entry and field at fault.</summary>
    public static List<ChannelAssignment> Parse(JsonNode? node, string field, KnownChannels channels, List<(string, string)> problems)
    {
        var result = new List<ChannelAssignment>();
        if (node is not JsonArray entries)
        {
            problems.Add((field, $"{field} must be an array of {{\"channel\": id, \"when\": [\"failure\", \"warning\", \"success\", \"overdue\"]}}."));
            return result;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var at = $"{field}[{i}]";
            if (entries[i] is not JsonObject entry)
            {
                problems.Add((at, $"{at} must be an object with channel and when."));
                continue;
            }

            ApiRequests.RefuseUnknown(entry, ["channel", "when", "enabled"], problems, at + ".");
            var enabled = ApiRequests.GetBool(entry, "enabled", problems, at + ".") ?? true;
            var channel = channels.Read(entry["channel"], $"{at}.channel", problems) ?? default;

            var conditions = ParseWhen(entry["when"], $"{at}.when", problems);
            result.AddRange(conditions.Select(condition => new ChannelAssignment(channel, condition, enabled)));
        }

        return result.DistinctBy(a => (a.ChannelId, a.Condition)).ToList();
    }

    private static List<NotifyCondition> ParseWhen(JsonNode? node, string field, List<(string, string)> problems)
    {
        if (node is not JsonArray words || words.Count == 0)
        {
            problems.Add((field, $"{field} must list one or more of \"failure\", \"warning\", \"success\", \"overdue\"."));
            return [];
        }

        var conditions = new List<NotifyCondition>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            if (string.Equals(word, "always", StringComparison.OrdinalIgnoreCase))
            {
                conditions.AddRange(Words.Select(w => w.Condition)); // shorthand for all four
                continue;
            }

            var match = Words.FirstOrDefault(w => string.Equals(w.Word, word, StringComparison.OrdinalIgnoreCase));
            if (match.Word is null) problems.Add(($"{field}[{i}]", $"{field}[{i}] is one of \"failure\", \"warning\", \"success\", \"overdue\", or \"always\" for all four."));
            else conditions.Add(match.Condition);
        }

        return conditions.Distinct().Count() == Words.Length ? [NotifyCondition.Always] : conditions.Distinct().ToList();
    }
}
