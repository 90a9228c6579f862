using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Web.Pages.Shared.Times;

namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>The pauses the console offers, on a job's page and for a server's jobs: until the next report, or for a while.</summary>
public static class PauseChoices
{
    /// <summary>Each choice's posted value (a duration, <see cref="Durations"/>; empty: until the job reports again) and its words.</summary>
    public static readonly IReadOnlyList<(string Value, string Text)> All =
        [("", "until it reports again"), ("1h", "for 1 hour"), ("4h", "for 4 hours"), ("1D", "for 1 day"), ("3D", "for 3 days"), ("1W", "for 1 week"), ("2W", "for 2 weeks"), ("30D", "for 30 days")];

    /// <summary>The end a posted choice means (null: the next report); false for a value the page does not offer.</summary>
    public static bool TryRead(string? value, DateTimeOffset now, out DateTimeOffset? until)
    {
        until = null;
        if (!All.Any(choice => choice.Value == (value ?? ""))) return false;
        if (Durations.TryParse(value, out var span)) until = now + span;
        return true;
    }

    /// <summary>The toast after a pause; <paramref name="what"/> says of which jobs, <paramref name="jobs"/> how many.</summary>
    public static string Paused(DateTimeOffset? until, ViewerTime times, string what = "Monitoring", int jobs = 1) =>
        $"{what} paused {(until is null && jobs > 1 ? "until each reports again" : JobFormat.PauseEnd(until, times))}: no Overdue notices, repeats or escalation meanwhile.";
}
