using System.Globalization;
using System.Text.Json.Nodes;
using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// A pause's body, for a job and for a server's jobs: <c>until</c> an instant, <c>for</c> a
/// duration, or neither (until the job reports again); problems name the field.
/// </summary>
public static class PauseJson
{
    public static DateTimeOffset? ReadUntil(JsonObject body, DateTimeOffset now, List<(string, string)> problems)
    {
        ApiRequests.RefuseUnknown(body, ["until", "for"], problems);
        DateTimeOffset? until = null;
        if (body["until"] is not null && body["for"] is not null) problems.Add(("until", "Give until or for, not both."));
        else if (ApiRequests.TryGetString(body, "until", problems, out var text))
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || !text!.Contains('T'))
                problems.Add(("until", "until is a date and time like 2026-12-24T08:00:00Z (UTC when it names no offset)."));
            else until = at;
        }
        else if (ScheduleJson.ReadDuration(body, "for", problems) is { } span) until = now + span;

        if (problems.Count == 0 && Pauses.Problem(until, now) is { } problem) problems.Add((body["for"] is null ? "until" : "for", problem));
        return until;
    }
}
