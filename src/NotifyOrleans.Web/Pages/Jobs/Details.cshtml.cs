using Htmx;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;
using NotifyOrleans.Web.Badges;
using NotifyOrleans.Web.Pages.Shared.Jobs;
using NotifyOrleans.Web.Pages.Shared.Times;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using Orleans;

namespace NotifyOrleans.Web.Pages.Jobs;

/// <summary>One job: its state, charts and history, and (for admins) who hears about it.</summary>
public sealed class DetailsModel(JobQueries queries, IGrainFactory grains, AppDbContext db, JobDefaults defaults, TimeProvider time,
    SubscriberDirectory subscribers, UserManager<AppUser> users, IOptions<MonitoringOptions> monitoring, ViewerTime times, BadgeLinks badges, IncidentLinks links) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Id { get; set; } // "?id=" binds null
    [BindProperty] public List<AssignmentInput> Assignments { get; set; } = [];
    [BindProperty] public bool WarningsAreFailures { get; set; } = true;
    [BindProperty] public ScheduleInput ScheduleForm { get; set; } = new();
    [BindProperty] public EscalationInput EscalationForm { get; set; } = new();
    [BindProperty] public string? Notes { get; set; }

    public BackupJobSnapshot Job { get; private set; } = null!;
    /// <summary>The history's page to show: the runs after this run id (the "Older runs" link); null for the newest.</summary>
    [BindProperty(SupportsGet = true)] public string? Before { get; set; }

    public IReadOnlyList<BackupRun> History => HistoryPage.Runs;
    public HistoryPage HistoryPage { get; private set; } = new([], 0, 0);

    /// <summary>The run <see cref="Before"/> named is not kept (any more): the newest runs are shown instead.</summary>
    public bool HistoryPageGone { get; private set; }

    /// <summary>How many runs a page of the history lists.</summary>
    public const int HistoryShown = 100;

    /// <summary>The job's page at the history, from its newest runs or after a run.</summary>
    public string HistoryLink(string? before = null) =>
        $"{JobFormat.Link(Job.Key)}{(before is null ? "" : $"&before={Uri.EscapeDataString(before)}")}#history";

    /// <summary>Who was told of each run shown, and what became of the messages.</summary>
    private Func<BackupRun, RunRouteView> _routeOf = null!;
    public IReadOnlyList<JobEvent> Timeline { get; private set; } = [];

    /// <summary>Who was told at each wake-up on the timeline (a deadline passed, a repeat, an escalation step).</summary>
    private Func<JobEvent, RunRouteView> _routeOfLine = null!;

    /// <summary>For a job without a schedule: the one its runs show, if they show one clearly.</summary>
    public ScheduleProposal? Suggestion { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Channels { get; private set; } = [];
    /// <summary>Of <see cref="Channels"/>, those disabled: the forms mark them.</summary>
    public IReadOnlySet<Guid> DisabledChannels { get; private set; } = new HashSet<Guid>();
    public PeopleDirectory People { get; private set; } = PeopleDirectory.Empty;

    /// <summary>The steps this job escalates by: its own, or the global default.</summary>
    public IReadOnlyList<EscalationStep> Escalation { get; private set; } = [];
    /// <summary>The people subscribed to this job, and the reader's own subscriptions that cover it.</summary>
    public JobSubscribersView Subscribers { get; private set; } = JobSubscribersView.Empty;
    public bool CanEdit => User.IsInRole(Roles.Admin);

    /// <summary>
    /// A text as this reader may read it: admins read addresses; a Member reads colleagues by
    /// display name (timeline lines, who acknowledged or paused, escalation steps name people by address).
    /// </summary>
    public string Shown(string? text) => text is null ? "" : CanEdit ? People.NamesWithAddresses(text) : People.NamesInsteadOfAddresses(text);
    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    /// <summary>The job's status badge, as an image and as shields.io's JSON.</summary>
    public BadgeAddresses Badge { get; private set; } = null!;

    /// <summary>The job's version the page was rendered from (read before the rest: a change in between shows at the next poll).</summary>
    public long? Version { get; private set; }

    public string ChangedUrl => $"/Jobs/Details?handler=Changed&id={Uri.EscapeDataString(Job.Key)}&seen={Version}";

    /// <summary>
    /// The page's poll, every 5 s: 204 (htmx leaves the page alone) until the job changes, then a
    /// line that says so, with a link to reload. Swapping in the page's new parts instead would
    /// wipe whatever someone was typing into its forms.
    /// </summary>
    public async Task<IActionResult> OnGetChangedAsync(long? seen)
    {
        var version = await queries.VersionAsync(RequestedKey, HttpContext.RequestAborted);
        if (version == seen) return new NoContentResult();
        return Partial("_JobChanged", new JobChange(RequestedKey, Deleted: version is null));
    }

    /// <summary>What the page's poll found: the job changed, or it is gone.</summary>
    public sealed record JobChange(string Key, bool Deleted);

    /// <summary>The job key in the address, as keys are stored (lower case, no surrounding spaces).</summary>
    private string RequestedKey => (Id ?? "").Trim().ToLowerInvariant();

    public RunRouteView RouteOf(BackupRun run) => _routeOf(run);

    public RunRouteView RouteOf(JobEvent line) => _routeOfLine(line);

    /// <remarks>
    /// The form offers only its conditions; one it does not know (a crafted request) is a 400, not
    /// quietly "On failure" as the row's default.
    /// </remarks>
    public async Task<IActionResult> OnPostSaveAsync() => !AssignmentsReadable ? BadRequest() : await ChangeAsync(async (grain, channelIds) =>
    {
        var assignments = AssignmentInput.ToAssignments(Assignments, channelIds);
        await grain.ChangeSettingsAsync(Job.Settings with { Assignments = assignments, WarningsAreFailures = WarningsAreFailures });
        return await SayingAsync("Notifications saved.", assignments);
    });

    private bool AssignmentsReadable =>
        !ModelState.Any(entry => entry.Key.StartsWith(nameof(Assignments), StringComparison.Ordinal) && entry.Value?.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid);

    public async Task<IActionResult> OnPostEnableAllAsync() => await ChangeAsync(async (grain, _) =>
    {
        var assignments = Job.Assignments.Select(a => a with { Enabled = true }).ToList();
        await grain.ChangeSettingsAsync(Job.Settings with { Assignments = assignments });
        return await SayingAsync("All notifications enabled.", assignments);
    });

    public async Task<IActionResult> OnPostDisableAllAsync() => await ChangeAsync(async (grain, _) =>
    {
        var assignments = Job.Assignments.Select(a => a with { Enabled = false }).ToList();
        await grain.ChangeSettingsAsync(Job.Settings with { Assignments = assignments });
        return await SayingAsync("All notifications disabled.", assignments);
    });

    public async Task<IActionResult> OnPostResetAsync() => await ChangeAsync(async (grain, _) =>
    {
        var assignments = await defaults.GetAsync(HttpContext.RequestAborted);
        await grain.ChangeSettingsAsync(Job.Settings with { Assignments = assignments, WarningsAreFailures = true });
        return await SayingAsync("Notifications reset to the defaults for new jobs.", assignments);
    });

    /// <summary>
    /// A change of the job's channels, confirmed; a warning when it leaves the job telling no channel
    /// (none chosen, each switched off here or on the Channels page), which is rarely what was meant.
    /// </summary>
    private async Task<Toast> SayingAsync(string done, IReadOnlyList<ChannelAssignment> assignments)
    {
        var chosen = assignments.Where(a => a.Enabled).Select(a => a.ChannelId).ToList();
        var channels = await db.Channels.Where(c => chosen.Contains(c.Id)).Select(c => new { c.Name, c.Enabled }).ToListAsync(HttpContext.RequestAborted);
        return channels switch
        {
            _ when channels.Any(c => c.Enabled) => done,
            [] => Toast.Warning($"{done} The job now tells no channel of its runs: add a channel to it, or switch one on."),
            _ => Toast.Warning($"{done} Its channels ({string.Join(", ", channels.Select(c => c.Name))}) are disabled on the Channels page: what they would send waits until one is enabled."),
        };
    }

    public async Task<IActionResult> OnPostScheduleAsync()
    {
        if (!CanEdit) return Forbid();
        if (!await LoadAsync(posted: nameof(ScheduleForm))) return NotFound();
        var problems = new List<(string Field, string Message)>();
        var settings = ScheduleForm.Apply(Job.Settings, monitoring.Value.MinimumRepeat, problems);
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        if (!ModelState.IsValid) return Page();
        await grains.GetGrain<IBackupJobGrain>(Job.Key).ChangeSettingsAsync(settings);
        return Done("Schedule saved.", "job-schedule");
    }

    /// <summary>htmx, as the admin types in the schedule form: the schedule in words and when runs are expected next. Nothing is saved.</summary>
    public async Task<IActionResult> OnPostSchedulePreviewAsync()
    {
        if (!CanEdit) return Forbid();
        if (await queries.FindAsync(RequestedKey, HttpContext.RequestAborted) is not { } job) return NotFound();
        Response.Htmx(h => h.WithVary());
        return Partial("Jobs/_SchedulePreview", SchedulePreview.Of(ScheduleForm, job.Settings, monitoring.Value.MinimumRepeat, Now));
    }

    /// <summary>The schedule form's preview as the page is drawn: the saved schedule, or what a refused save typed.</summary>
    public SchedulePreview SchedulePreview => SchedulePreview.Of(ScheduleForm, Job.Settings, monitoring.Value.MinimumRepeat, Now);

    public async Task<IActionResult> OnPostEscalationAsync()
    {
        if (!CanEdit) return Forbid();
        if (!await LoadAsync(posted: nameof(EscalationForm))) return NotFound();
        var problems = new List<(string Field, string Message)>();
        var steps = EscalationForm.Read(nameof(EscalationForm), new Api.KnownChannels(Channels), People, problems);
        // Steps typed on a job that follows the default, the box left ticked: saved as "follows the default", they
        // were gone without a word. (Ticking it on a job with steps of its own is going back: those steps go.)
        if (EscalationForm.UseDefault && Job.Settings.Escalation is null && EscalationForm.Steps.Any(row => !row.IsBlank))
            problems.Add(($"{nameof(EscalationForm)}.UseDefault", "Untick “Follow the global default” to give this job the steps below, or clear them."));
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        if (!ModelState.IsValid) return Page();
        await grains.GetGrain<IBackupJobGrain>(Job.Key).ChangeSettingsAsync(Job.Settings with { Escalation = steps });
        return Done(steps is null ? "Escalation: this job follows the global default." : "Escalation saved.", "escalation");
    }

    public async Task<IActionResult> OnPostNotesAsync()
    {
        if (!CanEdit) return Forbid();
        if (!await LoadAsync(posted: nameof(Notes))) return NotFound();
        if (JobSettings.CheckNotes(Notes) is { } tooLong) ModelState.AddModelError(nameof(Notes), tooLong);
        if (!ModelState.IsValid) return Page();
        await grains.GetGrain<IBackupJobGrain>(Job.Key).ChangeSettingsAsync(Job.Settings with { Notes = Notes });
        return Done(string.IsNullOrWhiteSpace(Notes) ? "Notes removed." : "Notes saved: the job's problem notices carry them.", "job-notes");
    }

    public async Task<IActionResult> OnPostUseSuggestionAsync() => await ChangeAsync(async (grain, _) =>
    {
        if (Suggestion is not { } proposal) return Toast.Warning("The runs show no clear schedule any more: set one below.");
        await grain.ChangeSettingsAsync(Job.Settings with { Schedule = proposal.Schedule });
        return $"Schedule set: {ScheduleMath.Describe(proposal.Schedule)}.";
    }, "job-schedule");

    /// <summary>The share a job without its own compares its runs' size with (Monitoring:SizeDropPercent).</summary>
    public int DefaultSizeDropPercent => monitoring.Value.SizeDropPercent;

    /// <summary>The last run's size and file count become the job's: its source really shrank (<see cref="SizeDrops"/>).</summary>
    public async Task<IActionResult> OnPostAcceptSizeAsync() => await ChangeAsync(async (grain, _) =>
        await grain.AcceptSizeAsync(User.Identity!.Name!) ? "Later runs are compared with the last run's size." : Toast.Warning("The last run did not fall below the job's size: nothing changed."),
        "job-schedule");

    /// <summary>
    /// The channels that hear of this job's failures but not of its missed runs, when it has a
    /// schedule or a longest run to miss (and no channel hears of missed runs): a job set up with
    /// "On failure", as new jobs are by default, went overdue and told nobody, and nothing said so.
    /// Null when someone's channel hears of missed runs, or the job cannot miss one.
    /// </summary>
    public IReadOnlyList<(Guid Id, string Name)>? MissedRunsUnheardBy
    {
        get
        {
            var canMiss = Job.Settings.Schedule is { Kind: not ScheduleKind.None } || Job.Settings.MaxDuration is not null;
            var enabled = Job.Assignments.Where(a => a.Enabled && Channels.Any(c => c.Id == a.ChannelId)).ToList();
            if (!canMiss || enabled.Any(a => a.Condition is NotifyCondition.Always or NotifyCondition.OnOverdue)) return null;
            return [.. Channels.Where(c => enabled.Any(a => a.ChannelId == c.Id))];
        }
    }

    /// <summary>Channels that would hear of missed runs but are switched off for this job: beside <see cref="MissedRunsUnheardBy"/>, the likelier mend.</summary>
    public IReadOnlyList<string> MissedRunsSwitchedOff => [.. Channels
        .Where(c => Job.Assignments.Any(a => a.ChannelId == c.Id && !a.Enabled && a.Condition is NotifyCondition.Always or NotifyCondition.OnOverdue))
        .Select(c => c.Name)];

    /// <summary>Each channel of <see cref="MissedRunsUnheardBy"/> gets a row "When overdue" beside its others.</summary>
    public async Task<IActionResult> OnPostTellMissedRunsAsync() => await ChangeAsync(async (grain, _) =>
    {
        if (MissedRunsUnheardBy is not { Count: > 0 } unheard) return Toast.Warning("Missed runs are already told to a channel.");
        await grain.ChangeSettingsAsync(Job.Settings with
        {
            Assignments = [.. Job.Assignments, .. unheard.Select(channel => new ChannelAssignment(channel.Id, NotifyCondition.OnOverdue))],
        });
        return $"{string.Join(", ", unheard.Select(c => c.Name))} will also be told when this job misses a run.";
    }, "job-schedule");

    /// <summary>Anyone signed in may acknowledge (the notice's signed link lets whoever holds it); the rest of the page's changes are for admins.</summary>
    public async Task<IActionResult> OnPostAcknowledgeAsync(string? comment) => await ChangeAsync(async (grain, _) =>
        await grain.AcknowledgeAsync(User.Identity!.Name!, StoredText.Fit(comment, Incidents.CommentMaxLength))
            ? "Acknowledged: no more repeats or escalation for this incident."
            : Toast.Warning("Nothing to acknowledge: the job is neither overdue nor failing, or someone acknowledged it already."), "job-incident", membersMay: true);

    public async Task<IActionResult> OnPostPauseAsync(string? pauseFor) => await ChangeAsync(async (grain, _) =>
    {
        if (!PauseChoices.TryRead(pauseFor, time.GetUtcNow(), out var until)) return Toast.Warning("Choose how long to pause from the list.");
        await grain.PauseAsync(User.Identity!.Name!, until);
        return PauseChoices.Paused(until, times);
    }, "job-schedule");

    public async Task<IActionResult> OnPostResumeAsync() => await ChangeAsync(async (grain, _) =>
        !await grain.ResumeAsync(User.Identity!.Name!) ? Toast.Warning("The job's monitoring was not paused.")
        : Job.Settings.Schedule is { Kind: not ScheduleKind.None } ? "Monitoring resumed: the next deadline counts from now."
        : "Monitoring resumed.", "job-schedule");

    public async Task<IActionResult> OnPostTestAsync() => await ChangeAsync(async (grain, _) =>
    {
        var queued = await grain.SendTestAsync();
        return queued == 0 ? Toast.Warning("No enabled channel to test: add one to the job's notifications first.") : $"A sample failure was queued for {Counts.Of(queued, "channel")}; see the Delivery log.";
    });

    /// <summary>Deletes the job with its history and timeline; the job list then says so.</summary>
    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!CanEdit) return Forbid();
        if (!await LoadAsync()) return NotFound();
        await grains.GetGrain<IBackupJobGrain>(Job.Key).DeleteAsync(User.Identity!.Name!, cancellationToken: HttpContext.RequestAborted);
        TempData.Show($"{Job.ServerName} / {Job.JobName} deleted, with its history.");
        return RedirectToPage("/Jobs/Index");
    }

    /// <summary>Anyone may subscribe themselves to a job: failures, missed runs, escalations and recoveries (My notifications changes it).</summary>
    public async Task<IActionResult> OnPostSubscribeAsync() => await ChangeOwnSubscriptionsAsync(subscribed: true,
        (mine, key) => [.. mine, new Subscription(SubscriptionScope.Job, key, JobSubscribersView.Suggested)],
        async () => await db.Channels.AnyAsync(c => c.Enabled && c.Kind == ChannelKind.Email, HttpContext.RequestAborted)
            ? "Subscribed: you are emailed about this job's failures, missed runs, escalations and recoveries."
            : Toast.Warning("Subscribed, but no Email channel is enabled, so nothing can be emailed to you yet: an admin adds one on the Channels page."));

    public async Task<IActionResult> OnPostUnsubscribeAsync() => await ChangeOwnSubscriptionsAsync(subscribed: false,
        (mine, key) => mine.Where(s => !IsThisJobs(s, key)).ToList(),
        () => Task.FromResult<Toast>(Subscribers.UnsubscribedToast));

    private static bool IsThisJobs(Subscription subscription, string key) =>
        subscription.Scope == SubscriptionScope.Job && string.Equals(subscription.Target, key, StringComparison.OrdinalIgnoreCase);

    /// <param name="subscribed">What the change makes of the person: a second Subscribe (from a tab opened before the first) changes nothing and says so.</param>
    private async Task<IActionResult> ChangeOwnSubscriptionsAsync(bool subscribed, Func<IReadOnlyList<Subscription>, string, IReadOnlyList<Subscription>> change, Func<Task<Toast>> toast)
    {
        if (!await LoadAsync()) return NotFound();
        var grain = grains.GetGrain<IUserGrain>(users.GetUserId(User)!);
        var mine = (await grain.GetSnapshotAsync(HttpContext.RequestAborted)).Subscriptions;
        if (mine.Any(s => IsThisJobs(s, Job.Key)) == subscribed)
            return Done(Toast.Warning(subscribed ? "You are subscribed to this job already." : "You were not subscribed to this job."), "job-subscribers");
        await grain.SetSubscriptionsAsync(change(mine, Job.Key), HttpContext.RequestAborted);
        return Done(await toast(), "job-subscribers");
    }

    /// <param name="section">The part of the page the form is in, where the page opens again.</param>
    /// <param name="membersMay">A change a Member may make too; the others are an admin's.</param>
    private async Task<IActionResult> ChangeAsync(Func<IBackupJobGrain, IReadOnlySet<Guid>, Task<Toast>> change, string section = "job-notifications", bool membersMay = false)
    {
        if (!CanEdit && !membersMay) return Forbid();
        if (!await LoadAsync(posted: nameof(Assignments))) return NotFound();
        var channelIds = Channels.Select(c => c.Id).ToHashSet();
        return Done(await change(grains.GetGrain<IBackupJobGrain>(Job.Key), channelIds), section);
    }

    /// <summary>
    /// After a change, its confirmation (announced, app.js) and the page again, opened at the part
    /// the form was in rather than at the top; the keyboard's Tab goes on from there.
    /// </summary>
    private RedirectResult Done(Toast toast, string section)
    {
        TempData.Show(toast);
        return Redirect($"{JobFormat.Link(Job.Key)}#{section}");
    }

    /// <summary>Loads the job; the forms show its settings, except the one just <paramref name="posted"/>, which shows what was typed.</summary>
    private async Task<bool> LoadAsync(string? posted = null)
    {
        Version = await queries.VersionAsync(RequestedKey, HttpContext.RequestAborted);
        var job = await queries.FindAsync(RequestedKey, HttpContext.RequestAborted);
        if (job is null) return false;
        Job = job;
        var page = await queries.HistoryPageAsync(job.Key, HistoryShown, Before, HttpContext.RequestAborted);
        HistoryPageGone = page is null;
        HistoryPage = page ?? (await queries.HistoryPageAsync(job.Key, HistoryShown, before: null, HttpContext.RequestAborted))!;
        Timeline = await queries.TimelineAsync(job.Key, 50, HttpContext.RequestAborted);
        if (job.Settings.Schedule is not { Kind: not ScheduleKind.None })
            Suggestion = await queries.ProposeScheduleAsync(job.Key, times.ZoneName, HttpContext.RequestAborted); // the reader's zone: where the servers likely are, more than this server's clock (UTC in a container)
        (Channels, DisabledChannels) = await SystemNotifications.ChannelChoice.LoadForFormsAsync(db, HttpContext.RequestAborted);
        People = await PeopleDirectory.LoadAsync(db, HttpContext.RequestAborted);
        _routeOf = await RunRouteView.ForRunsAsync(db, job.Key, History, Channels, People, HttpContext.RequestAborted, showsAddresses: CanEdit);
        _routeOfLine = await RunRouteView.ForTimelineAsync(db, job.Key, Timeline, Channels, People, HttpContext.RequestAborted, showsAddresses: CanEdit);
        Escalation = job.Settings.Escalation ?? await defaults.GetEscalationAsync(HttpContext.RequestAborted);
        Subscribers = JobSubscribersView.Of(await subscribers.CoveringAsync(job.ServerName, job.Key, HttpContext.RequestAborted), job.ServerName, job.Key, users.GetUserId(User));
        if (posted != nameof(Assignments))
        {
            Assignments = AssignmentInput.From(job.Assignments);
            WarningsAreFailures = job.WarningsAreFailures;
        }

        if (posted != nameof(ScheduleForm)) ScheduleForm = ScheduleInput.From(job.Settings, times.ZoneName); // a new schedule in the zone the page shows its times in
        if (posted != nameof(EscalationForm)) EscalationForm = EscalationInput.From(job.Settings.Escalation);
        if (posted != nameof(Notes)) Notes = job.Settings.Notes;
        Badge = await BadgeAddresses.ForAsync(BadgeSubject.Job(job.Key), $"{job.ServerName} / {job.JobName}", badges, links, Request, HttpContext.RequestAborted);

        return true;
    }

    /// <summary>Which runs the history table lists: "The newest 100", "Runs 101 to 130", "Run 101".</summary>
    public string RunsListed => HistoryPage.Skipped == 0 ? $"The newest {Format.Count(History.Count)}"
        : History.Count == 1 ? $"Run {Format.Count(HistoryPage.Skipped + 1)}"
        : $"Runs {Format.Count(HistoryPage.Skipped + 1)} to {Format.Count(HistoryPage.Skipped + History.Count)}";

    /// <summary>Which runs the charts draw when the table lists older ones ("runs 101 to 130"); null for the newest.</summary>
    public string? ChartedRuns => HistoryPage.Skipped == 0 || History.Count == 0 ? null : char.ToLowerInvariant(RunsListed[0]) + RunsListed[1..];

    /// <summary>
    /// The backups' figures over time, of the runs the history table lists, its times in the reader's zone as
    /// the table's. A restore's duration and result are not the backup's (the table lists them; the charts
    /// leave them out, as the run counts do).
    /// </summary>
    public object ChartData => History.Where(r => r.Operation == RunOperation.Backup).Select(r => new
    {
        endedAt = times.Local(r.EndedAt, "s"),
        status = r.Status.ToString().ToLowerInvariant(),
        durationSeconds = r.DurationMs / 1000.0,
        sizeBytes = r.KnownSizeBytes, // a failed run's zero would draw the backup as emptied
    });
}
