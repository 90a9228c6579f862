using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Pages.Shared.Jobs;
using NotifyOrleans.Web.Pages.Shared.Times;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Grains.Channels;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using Orleans;

namespace NotifyOrleans.Web.Pages.Notifications;

/// <summary>
/// Global notification settings: the channel assignments every new job starts with (and whether
/// they hear of each failed run), the
/// escalation policy of every job without its own, whether jobs take the schedule their runs show,
/// and the channels' quiet hours.
/// </summary>
public sealed class IndexModel(AppDbContext db, JobDefaults defaults, DefaultEscalationPolicy defaultPolicy, IGrainFactory grains, ViewerTime viewer) : PageModel
{
    [BindProperty] public List<AssignmentInput> Assignments { get; set; } = [];
    [BindProperty] public EscalationInput Escalation { get; set; } = new();
    [BindProperty] public bool OnlyFirstFailure { get; set; }
    [BindProperty] public bool ApplyDetectedSchedules { get; set; }
    [BindProperty] public ChannelQuietInput Quiet { get; set; } = new();
    [BindProperty] public ChannelSummaryInput Summary { get; set; } = new();
    public IReadOnlyList<(Guid Id, string Name)> Channels { get; private set; } = [];
    /// <summary>Of <see cref="Channels"/>, those disabled: the forms mark them.</summary>
    public IReadOnlySet<Guid> DisabledChannels { get; private set; } = new HashSet<Guid>();
    public PeopleDirectory People { get; private set; } = PeopleDirectory.Empty;

    public async Task OnGetAsync()
    {
        await LoadChannelsAsync();
        Assignments = AssignmentInput.From(await defaults.GetAsync(HttpContext.RequestAborted));
        Escalation = EscalationInput.From(await defaults.GetEscalationAsync(HttpContext.RequestAborted));
        OnlyFirstFailure = await defaults.GetOnlyFirstFailureAsync(HttpContext.RequestAborted);
        ApplyDetectedSchedules = await defaults.GetApplyDetectedSchedulesAsync(HttpContext.RequestAborted);
        Quiet = ChannelQuietInput.Of(await defaults.GetChannelQuietHoursAsync(HttpContext.RequestAborted));
        Summary = ChannelSummaryInput.Of(await defaults.GetChannelSummaryAsync(HttpContext.RequestAborted));
        // Not set up yet: the forms offer the admin's own zone, not UTC (the team most likely keeps its hours there).
        if (Quiet is { From: null, To: null, Weekends: false, Channels: [] }) Quiet.TimeZoneId = viewer.ZoneName;
        if (Summary is { Frequency: SummaryFrequency.Off, Channels: [] }) Summary.TimeZoneId = viewer.ZoneName;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadChannelsAsync();
        var channelIds = Channels.Select(c => c.Id).ToHashSet();
        var problems = new List<(string Field, string Message)>();
        var escalation = Escalation.Read(nameof(Escalation), new Api.KnownChannels(Channels), People, problems) ?? [];
        var quiet = Quiet.Read(nameof(Quiet), channelIds, problems);
        var summary = Summary.Read(nameof(Summary), channelIds, problems);
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        if (!ModelState.IsValid) return Page(); // nothing saved: the form shows each message at its row

        await defaults.SetAsync(AssignmentInput.ToAssignments(Assignments, channelIds), HttpContext.RequestAborted);
        await defaultPolicy.SetAsync(escalation, HttpContext.RequestAborted);
        await defaults.SetOnlyFirstFailureAsync(OnlyFirstFailure, HttpContext.RequestAborted);
        await defaults.SetApplyDetectedSchedulesAsync(ApplyDetectedSchedules, HttpContext.RequestAborted);
        await defaults.SetChannelQuietHoursAsync(quiet!, HttpContext.RequestAborted);
        await defaults.SetChannelSummaryAsync(summary!, HttpContext.RequestAborted);
        await grains.GetGrain<IChannelSummaryGrain>(IChannelSummaryGrain.Key).ArmAsync(HttpContext.RequestAborted);
        TempData.Show(summary!.IsOn && await SwitchedOffAsync(summary.Channels) is { } off
            ? Toast.Warning($"Defaults saved. The summary goes to no channel: {off}. Switch one on (Channels page) or tick another.")
            : "Defaults saved.");
        return RedirectToPage();
    }

    /// <summary>"Send now": the channels' summary of the last day or week, as saved.</summary>
    public async Task<IActionResult> OnPostSendSummaryAsync()
    {
        var sent = await grains.GetGrain<IChannelSummaryGrain>(IChannelSummaryGrain.Key).SendNowAsync(HttpContext.RequestAborted);
        TempData.Show(sent > 0 ? $"The summary is on its way to {Counts.Of(sent, "channel")}; see the Delivery log." : Toast.Warning($"No summary sent: {await WhyNoSummaryAsync()}"));
        return RedirectToPage();
    }

    /// <summary>Why "Send now" sent nothing, as saved: no channel, none switched on, or no job to report on.</summary>
    private async Task<string> WhyNoSummaryAsync()
    {
        var summary = await defaults.GetChannelSummaryAsync(HttpContext.RequestAborted);
        if (summary.Channels.Count == 0) return "tick its channels, then save.";
        if (await SwitchedOffAsync(summary.Channels) is { } off) return $"its channels are switched off ({off}). Switch one on (Channels page) or tick another, then save.";
        return summary.Server is { Length: > 0 } server ? $"no job of the server {server} has reported yet." : "no job has reported yet.";
    }

    /// <summary>The channels named, when they reach nobody as System notifications judge it (each switched off or deleted); null when one is on.</summary>
    private async Task<string?> SwitchedOffAsync(IReadOnlyList<Guid> ids)
    {
        var channels = await SystemNotifications.ChannelChoice.LoadAsync(db, HttpContext.RequestAborted);
        if (!SystemNotifications.ChannelChoice.NoneEnabled(ids, channels)) return null;
        var chosen = channels.Where(c => ids.Contains(c.Id)).Select(c => c.Name).ToList();
        return chosen.Count == 0 ? "the ones ticked are deleted" : string.Join(", ", chosen);
    }

    private async Task LoadChannelsAsync()
    {
        (Channels, DisabledChannels) = await SystemNotifications.ChannelChoice.LoadForFormsAsync(db, HttpContext.RequestAborted);
        People = await PeopleDirectory.LoadAsync(db, HttpContext.RequestAborted);
    }
}
