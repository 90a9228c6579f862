namespace NotifyOrleans.Domain.Grains.BackupJobs;

/// <summary>
/// One step of an escalation policy: once an incident (overdue, or failing) has lasted
/// <paramref name="After"/>, or the job has failed <paramref name="AfterFailures"/> times in a
/// row, these channels and these people hear of it with this priority. Each step fires once per
/// incident, and not at all once someone acknowledged the incident.
/// </summary>
/// <param name="Priority">1 (min) to 5 (urgent), ntfy's scale; email and Discord mark 4 and 5 as urgent.</param>
/// <param name="Users">User ids, emailed directly (null in steps saved before people could be named: none).</param>
[GenerateSerializer, Immutable, Alias("EscalationStep")]
public sealed record EscalationStep(TimeSpan? After, int? AfterFailures, IReadOnlyList<Guid> Channels, int Priority = EscalationStep.DefaultPriority, IReadOnlyList<string>? Users = null)
{
    /// <summary>The people the step emails; never null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> People => Users ?? [];

    /// <summary>
    /// Urgent: a step is the incident told again because nobody acted, so it is never quieter than
    /// the Failure notice it follows (urgent on ntfy).
    /// </summary>
    public const int DefaultPriority = 5;

    public const int MaxSteps = 10;
    public const int MaxFailures = 1000;

    public const string NobodyToNotify = "A step notifies at least one channel or user.";

    /// <summary>The first thing wrong with a policy, naming the field as <c>escalation[i].name</c>; null when it works.</summary>
    public static (string Field, string Message)? Check(IReadOnlyList<EscalationStep> policy)
    {
        if (policy.Count > MaxSteps) return ("escalation", $"A policy has at most {MaxSteps} steps.");
        for (var i = 0; i < policy.Count; i++)
        {
            var step = policy[i];
            var field = $"escalation[{i}]";
            if ((step.After is null) == (step.AfterFailures is null))
                return (field, "A step fires after a time or after a number of failures in a row: give one of the two.");
            if (step.After is { } after && after <= TimeSpan.Zero) return ($"{field}.after", "after is a duration like 30m, 2h or 1D.");
            if (step.After > Schedules.Durations.Longest) return ($"{field}.after", $"after is at most {Schedules.Durations.Format(Schedules.Durations.Longest)} (ten years).");
            if (step.AfterFailures is < 1 or > MaxFailures) return ($"{field}.afterFailures", $"afterFailures is 1 to {MaxFailures}.");
            if (step.Channels.Count == 0 && step.People.Count == 0) return ($"{field}.channels", NobodyToNotify);
            if (step.Priority is < 1 or > 5) return ($"{field}.priority", "priority is min, low, default, high or urgent.");
        }

        return null;
    }

    /// <summary>The priority as ntfy names it.</summary>
    public static string PriorityName(int priority) => priority switch { 1 => "min", 2 => "low", 3 => "default", 4 => "high", _ => "urgent" };

    public static int? ParsePriority(string? name) => name?.ToLowerInvariant() switch
    {
        "min" => 1, "low" => 2, "default" => 3, "high" => 4, "urgent" or "max" => 5, _ => null,
    };

    public string Describe() =>
        (After is { } after ? $"After {Schedules.Durations.Format(after)}" : $"After {Counts.Of(AfterFailures ?? 0, "failure")} in a row")
        + $": {Counts.Of(Channels.Count, "channel")}"
        + (People.Count > 0 ? $", {Counts.Of(People.Count, "user")}" : "")
        + $", {PriorityName(Priority)} priority";
}
