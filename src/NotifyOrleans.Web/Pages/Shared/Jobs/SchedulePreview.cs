using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Web.Pages.Shared.Times;

namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>
/// The schedule the job page's form holds, tried as the admin types (htmx): in words, with the times
/// runs are expected next, so that a cron expression or a weekday choice is seen to mean what was meant
/// before it is saved; or what keeps it from being a schedule, in the words the save would use.
/// </summary>
/// <param name="Words">"Cron 30 5 * * 1-5 (Europe/Berlin)"; null when it is no schedule yet.</param>
/// <param name="Next">The next slots, from now: a schedule with times of day (cron, or an interval at a time).</param>
/// <param name="AfterARun">For an interval counted from each run: when a run reported now would be expected again.</param>
/// <param name="Zone">The schedule's time zone: where the reader's differs, each slot is also given in it, as it was typed.</param>
public sealed record SchedulePreview(string? Words, IReadOnlyList<DateTimeOffset> Next, DateTimeOffset? AfterARun, IReadOnlyList<string> Problems, TimeZoneInfo? Zone = null)
{
    public const int SlotsShown = 3;

    /// <summary>The form's fields that make the schedule; the others (grace, repeats) are not previewed.</summary>
    private static readonly HashSet<string> ScheduleFields =
        ["ScheduleForm.Kind", "ScheduleForm.Every", "ScheduleForm.Days", "ScheduleForm.At", "ScheduleForm.Cron", "ScheduleForm.TimeZone"];

    public static SchedulePreview Of(ScheduleInput form, JobSettings current, TimeSpan minimumRepeat, DateTimeOffset now)
    {
        var problems = new List<(string Field, string Message)>();
        var schedule = form.Apply(current, minimumRepeat, problems).Schedule ?? JobSchedule.None;
        var scheduleProblems = problems.Where(p => ScheduleFields.Contains(p.Field)).Select(p => p.Message).Distinct().ToList();
        if (scheduleProblems.Count > 0) return new(null, [], null, scheduleProblems);
        if (!schedule.HasSlots) return new(ScheduleMath.Describe(schedule), [], ScheduleMath.NextExpected(schedule, now), []);

        var slots = new List<DateTimeOffset>();
        for (var after = now; slots.Count < SlotsShown && ScheduleMath.NextExpected(schedule, after) is { } slot; after = slot) slots.Add(slot);
        return new(ScheduleMath.Describe(schedule), slots, null, [], TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone));
    }
}
