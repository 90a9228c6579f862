using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Identity;
using NotifyOrleans.Web.Pages.Shared.Times;

namespace NotifyOrleans.Web.Pages.Acknowledge;

/// <summary>
/// The Acknowledge link of a notification, opened without a login: the signed link is the
/// credential, and names one job and one incident. A GET only shows (mail scanners and chat
/// previews open links); the button, or ntfy's action, POSTs.
/// </summary>
// No antiforgery token: ntfy's button POSTs without one, and a forged request would need the signed link anyway.
[IgnoreAntiforgeryToken]
public sealed class IndexModel(IncidentLinks links, JobQueries jobs, IGrainFactory grains, TimeProvider time, AppDbContext db, ViewerTime viewer) : PageModel
{
    public const int NameMaxLength = 100;

    public BackupJobSnapshot? Job { get; private set; }
    public DateTimeOffset Incident { get; private set; }
    public string? Outcome { get; private set; }

    /// <summary>The link could not be read: altered, from another installation, or expired.</summary>
    public bool Invalid { get; private set; }

    /// <summary>The link of a test message (<see cref="IncidentLinks.SampleToken"/>), opened to try it.</summary>
    public bool IsSample { get; private set; }

    public bool IsOpen => Incidents.Same(Incident, Job?.IncidentSince);

    /// <summary>The signed-in person's login: what the job keeps as who acknowledged, as the job page does (pages show it by name).</summary>
    private string? Login => User.Identity?.IsAuthenticated == true ? User.Identity.Name : null;

    /// <summary>Who opened the link, when signed in to the console, named as the top bar names them.</summary>
    public string? SignedInAs => Login is null ? null : DisplayNameClaims.NameOf(User);

    private PeopleDirectory _people = PeopleDirectory.Empty;

    /// <summary>
    /// A text naming people as whoever holds the link may read it: by display name, not address
    /// (the link reaches channels, a Discord room, an ntfy topic).
    /// </summary>
    public string Shown(string? text) => _people.NamesInsteadOfAddresses(text ?? "");
    public bool IsAcknowledged => IsOpen && Job!.AcknowledgedAt is not null;

    public async Task<IActionResult> OnGetAsync(string token)
    {
        IsSample = token == IncidentLinks.SampleToken;
        return IsSample || await LoadAsync(token) ? Page() : NotFoundPage();
    }

    /// <param name="via">Where a one-tap button that has no name to give says it was pressed (ntfy's: "ntfy topic backups").</param>
    public async Task<IActionResult> OnPostAsync(string token, string? name, string? comment, string? via)
    {
        if (!await LoadAsync(token)) return NotFoundPage();
        var by = Login is { } login ? $"{login} (notification link)"
            // Anyone holding the link may type any name: said as typed, never like a signed-in person's.
            : !string.IsNullOrWhiteSpace(name) ? $"{Cut(name.Trim(), NameMaxLength)} (name typed on a notification link, not signed in)"
            // So may a button's text (any POST may send one): said as a tap, never like a signed-in person's.
            : !string.IsNullOrWhiteSpace(via) ? $"{Cut(via.Trim(), NameMaxLength)} (one tap, not signed in)"
            : "a notification link";
        var acknowledged = await grains.GetGrain<IBackupJobGrain>(Job!.Key).AcknowledgeAsync(by, Cut(comment, Incidents.CommentMaxLength), Incident, HttpContext.RequestAborted);
        await LoadAsync(token);
        if (acknowledged || IsAcknowledged)
        {
            Outcome = acknowledged ? "Acknowledged: repeats and escalation stop for this incident." : $"Acknowledged already, by {Shown(Job.AcknowledgedBy)}.";
            return Page();
        }

        // Not a success: ntfy's button then says the tap failed and keeps the notice, instead of
        // clearing it as if a newer incident had been acknowledged.
        Outcome = $"{Over} Nothing was acknowledged.";
        return new PageResult { StatusCode = StatusCodes.Status409Conflict };
    }

    /// <summary>
    /// Why the link's incident cannot be acknowledged any more. The link names one incident: a
    /// newer one of the same job is not its to acknowledge, but the reader should hear of it.
    /// </summary>
    public string Over => Job switch
    {
        { IncidentSince: { } newer } => $"This incident is over, and the job has a newer one, open since {viewer.When(newer)} ({Ago(newer)}). " +
                                        "Acknowledge that one from its own notice or from the job's page.",
        { IsPaused: true } => "This incident is over: the job's monitoring is paused.",
        _ => "This incident is over: the job has recovered since.",
    };

    private async Task<bool> LoadAsync(string token)
    {
        if (links.Read(token) is not { } link) return false;
        Incident = link.Incident;
        Job = await jobs.FindAsync(link.JobKey, HttpContext.RequestAborted);
        _people = await PeopleDirectory.LoadAsync(db, HttpContext.RequestAborted);
        // Whoever is not signed in reads times as the channels' notices gave them: in the job's schedule's zone.
        if (Login is null && Job?.Settings.Schedule is { Kind: not ScheduleKind.None } schedule) viewer.Use(LocalTimes.Zone(schedule.TimeZone));
        return Job is not null;
    }

    private PageResult NotFoundPage()
    {
        Invalid = true;
        return new PageResult { StatusCode = StatusCodes.Status404NotFound };
    }

    /// <summary>"just now", "25 min ago", "3h 05m ago": seconds (or the "9ms" of a press just made) say nothing here.</summary>
    public string Ago(DateTimeOffset at) => (time.GetUtcNow() - at) switch
    {
        var since when since < TimeSpan.FromMinutes(1) => "just now",
        var since when since < TimeSpan.FromHours(1) => $"{(int)since.TotalMinutes} min ago",
        var since => $"{Domain.Schedules.Durations.Elapsed(since)} ago",
    };

    private static string? Cut(string? text, int max) => StoredText.Fit(text, max);
}
