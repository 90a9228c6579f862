using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Badges;
using NotifyOrleans.Web.Pages.Shared.Jobs;
using Htmx;
using Orleans;
using NotifyOrleans.Web.Pages.Shared.Times;
using NotifyOrleans.Web.Pages.Shared.Toasts;

namespace NotifyOrleans.Web.Pages.Servers;

/// <summary>Servers seen so far, and the ingest keys that let them report (created, shown once, revoked).</summary>
public sealed class IndexModel(IngestKeys keys, JobQueries queries, ServerPauses pauses, JobDefaults defaults, IGrainFactory grains, TimeProvider time, ViewerTime times,
    BadgeLinks badges, IncidentLinks links)
    : PageModel
{
    /// <summary>The job set-up form's fields, read by its handler only (the key form's rules are not its own).</summary>
    public string? NewServer { get; private set; }
    public string? NewJob { get; private set; }

    [BindProperty] public KeyInput Input { get; set; } = new();

    public IReadOnlyList<IngestKey> Keys { get; private set; } = [];
    public IReadOnlyList<ServerRow> ServerRows { get; private set; } = [];

    /// <summary>The status badge of all jobs, then each server's (each job's is on its page).</summary>
    public IReadOnlyList<BadgeAddresses> Badges { get; private set; } = [];

    /// <param name="Worst">The worst last result among the jobs that reported; Unknown when none has (jobs set up ahead).</param>
    public sealed record ServerRow(string Server, int Jobs, int Paused, int Overdue, RunStatus Worst, DateTimeOffset? LastRun);

    /// <summary>The key just created: shown once, with the lines to paste.</summary>
    public (string Key, IngestKey Row)? Created { get; private set; }

    public sealed class KeyInput
    {
        [Required(ErrorMessage = "Give the key a name, e.g. the server it is for.")]
        [StringLength(IngestKeys.NameMaxLength, ErrorMessage = "A name is at most 100 characters.")]
        public string Name { get; set; } = "";

        [StringLength(JobKey.NameMaxLength, ErrorMessage = "A server name is at most 200 characters.")]
        public string? Server { get; set; }

        [StringLength(JobKey.NameMaxLength, ErrorMessage = "A job name is at most 200 characters.")]
        public string? Job { get; set; }
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (IngestKeys.CheckScope(Input.Server, Input.Job) is { } problem)
            ModelState.AddModelError(problem.Field == "server" ? "Input.Server" : "Input.Job", problem.Message);
        if (!string.IsNullOrWhiteSpace(Input.Name) && await keys.ActiveNamedAsync(Input.Name, HttpContext.RequestAborted) is { } existing)
            ModelState.AddModelError("Input.Name", IngestKeys.NameTaken(existing));
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        Created = await keys.CreateAsync(Input.Name, Input.Server, Input.Job, User.Identity?.Name, HttpContext.RequestAborted);
        Input = new KeyInput();
        ModelState.Clear();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        if (await keys.RevokeAsync(id, HttpContext.RequestAborted)) Response.Htmx(h => h.WithToast("Key revoked: reports using it are now refused."));
        await LoadAsync();
        return Request.IsHtmx() ? Partial("_KeyTable", this) : RedirectToPage();
    }

    /// <summary>
    /// A job set up before its first report (as the API's PATCH does): its page then takes a schedule
    /// and channels, and a missed first run is noticed. Its first report or ping keeps them.
    /// </summary>
    public async Task<IActionResult> OnPostSetUpJobAsync(string? newServer, string? newJob)
    {
        ModelState.Clear(); // the key form's fields were bound too, and are not this form's
        (NewServer, NewJob) = (newServer?.Trim(), newJob?.Trim());
        foreach (var bad in JobKey.Problems(NewServer, NewJob)) ModelState.AddModelError(bad.Field == "server" ? nameof(NewServer) : nameof(NewJob), bad.Message);
        if (ModelState.IsValid && await queries.FindAsync(JobKey.Of(NewServer!, NewJob!).Value, HttpContext.RequestAborted) is { } existing)
            ModelState.AddModelError(nameof(NewJob), $"{existing.ServerName}/{existing.JobName} exists already.");
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var key = JobKey.Of(NewServer!, NewJob!).Value;
        await grains.GetGrain<IBackupJobGrain>(key).PrepareAsync(NewServer!, NewJob!, await defaults.ForNewJobAsync(HttpContext.RequestAborted), HttpContext.RequestAborted);
        TempData.Show($"{NewServer}/{NewJob} is set up: give it a schedule, and its channels, here.");
        return Redirect($"/Jobs/Details?id={Uri.EscapeDataString(key)}#job-schedule");
    }

    /// <summary>A server down for maintenance: every job's monitoring paused at once, each ending as its own pause would.</summary>
    public async Task<IActionResult> OnPostPauseServerAsync(string server, string? pauseFor)
    {
        if (!PauseChoices.TryRead(pauseFor, time.GetUtcNow(), out var until)) return Done(Toast.Warning("Choose how long to pause from the list."));
        var paused = await pauses.PauseAsync(server, User.Identity!.Name!, until, HttpContext.RequestAborted);
        return Done(paused == 0 ? Toast.Warning($"{server} has no jobs to pause.") : PauseChoices.Paused(until, times, $"Monitoring of {Counts.Of(paused, "job")} of {server}", paused));
    }

    public async Task<IActionResult> OnPostResumeServerAsync(string server)
    {
        var resumed = await pauses.ResumeAsync(server, User.Identity!.Name!, HttpContext.RequestAborted);
        return Done(resumed == 0 ? Toast.Warning($"No job of {server} was paused.") : $"Monitoring resumed for {Counts.Of(resumed, "job")} of {server}.");
    }

    /// <summary>The confirmation (announced) and the page again, at the servers' table.</summary>
    private RedirectResult Done(Toast toast)
    {
        TempData.Show(toast);
        return Redirect("/Servers#server-table");
    }

    public string BaseUrl => $"{Request.Scheme}://{Request.Host}";

    private async Task LoadAsync()
    {
        Keys = await keys.ListAsync(HttpContext.RequestAborted);
        ServerRows = (await queries.ListAsync(cancellationToken: HttpContext.RequestAborted))
            .GroupBy(j => j.ServerName, StringComparer.OrdinalIgnoreCase)
            // A job set up ahead that has not reported yet is no reason to call the others' successes "Unknown".
            .Select(g => new ServerRow(g.Key, g.Count(), g.Count(j => j.IsPaused), g.Count(j => j.IsOverdue), g.Select(j => j.Status).Max(), g.Max(j => j.LastRunAt)))
            .OrderBy(s => s.Server, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (ServerRows.Count > 0)
        {
            var all = await BadgeAddresses.ForAsync(BadgeSubject.All, "All backups", badges, links, Request, HttpContext.RequestAborted);
            var servers = new List<BadgeAddresses>();
            foreach (var row in ServerRows)
                servers.Add(await BadgeAddresses.ForAsync(BadgeSubject.OfServer(row.Server), row.Server, badges, links, Request, HttpContext.RequestAborted));
            Badges = [all, .. servers];
        }
    }
}
