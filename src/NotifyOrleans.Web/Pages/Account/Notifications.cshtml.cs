using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Web.Pages.Shared.Forms;
using NotifyOrleans.Web.Pages.Shared.Toasts;
using Orleans;

namespace NotifyOrleans.Web.Pages.Account;

/// <summary>
/// "My notifications": a person's own preferences, quiet hours and subscriptions, kept by their
/// user grain. An admin opens anyone's with <c>?user=</c> and sets them for that person.
/// </summary>
public sealed class NotificationsModel(UserManager<AppUser> users, IGrainFactory grains, AppDbContext db, JobQueries jobs,
    SystemNotificationStore systemNotifications) : PageModel
{
    private const int SuggestionsShown = 2000;

    [BindProperty(SupportsGet = true, Name = "user")] public string? PersonId { get; set; }
    [BindProperty] public PreferencesInput Input { get; set; } = new();
    [BindProperty] public List<SubscriptionInput> Subscriptions { get; set; } = [];
    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Whether emails about one's own logins are sent now, and how often (<see cref="DescribeLoginEmailsAsync"/>).</summary>
    public string LoginEmails { get; private set; } = "";

    /// <summary>
    /// Someone opening their own preferences before ever saving them gets their browser's time zone
    /// offered in place of the UTC default (the page's script chooses it and says so; saving keeps it).
    /// </summary>
    public bool OffersBrowserZone => Other is null && UpdatedAt is null && HttpMethods.IsGet(Request.Method);
    /// <summary>Whose page this is, when it is not the signed-in user's own.</summary>
    public AppUser? Other { get; private set; }
    public IReadOnlyList<string> Servers { get; private set; } = [];
    public IReadOnlyList<string> Jobs { get; private set; } = [];

    /// <summary>The rows naming a server or job the hub does not know (yet): see <see cref="JobQueries.UnmatchedAsync"/>.</summary>
    public IReadOnlySet<int> Unmatched { get; private set; } = new HashSet<int>();

    public sealed class PreferencesInput
    {
        [Required(ErrorMessage = "Choose a time zone.")]
        [KnownTimeZone]
        public string TimeZoneId { get; set; } = "UTC";

        public bool EmailOnOwnLogin { get; set; }

        /// <summary>"22:00"; empty for no nightly quiet hours.</summary>
        public string? QuietFrom { get; set; }
        public string? QuietTo { get; set; }
        public bool QuietWeekends { get; set; }
        public bool UrgentComesThrough { get; set; } = true;

        public SummaryFrequency SummaryFrequency { get; set; }
        public string? SummaryAt { get; set; } = "08:00";
        public DayOfWeek SummaryDay { get; set; } = DayOfWeek.Monday;

        /// <summary>The form as the saved preferences fill it.</summary>
        public static PreferencesInput From(NotificationPreferences saved) => new()
        {
            TimeZoneId = saved.TimeZoneId,
            EmailOnOwnLogin = saved.EmailOnOwnLogin,
            QuietFrom = saved.Quiet?.From is { } from ? TimeOfDay.Write(from) : null,
            QuietTo = saved.Quiet?.To is { } to ? TimeOfDay.Write(to) : null,
            QuietWeekends = saved.Quiet?.Weekends ?? false,
            UrgentComesThrough = saved.Quiet?.UrgentComesThrough ?? true,
            SummaryFrequency = saved.Summary?.Frequency ?? SummaryFrequency.Off,
            SummaryAt = TimeOfDay.Write(saved.Summary?.At ?? new TimeOnly(8, 0)),
            SummaryDay = saved.Summary?.Day ?? DayOfWeek.Monday,
        };
    }

    /// <summary>The page's two forms, posted apart: a page redisplayed for one's errors shows the other as saved.</summary>
    private enum Form { Preferences, Subscriptions }

    private string? _personId;
    private IUserGrain Grain => grains.GetGrain<IUserGrain>(_personId!);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await ChoosePersonAsync() is { } refused) return refused;
        var snapshot = await Grain.GetSnapshotAsync(HttpContext.RequestAborted);
        Input = PreferencesInput.From(snapshot.Preferences);
        Subscriptions = snapshot.Subscriptions.Select(SubscriptionInput.From).ToList();
        UpdatedAt = snapshot.PreferencesUpdatedAt;
        await LoadSuggestionsAsync();
        await FindUnmatchedAsync();
        await DescribeLoginEmailsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await ChoosePersonAsync() is { } refused) return refused;
        RemoveSubscriptionErrors(); // this form is the preferences; the subscriptions are posted apart
        var errors = ModelState.ErrorCount;
        var from = ReadTime(Input.QuietFrom, "Input.QuietFrom");
        var to = ReadTime(Input.QuietTo, "Input.QuietTo");
        var quietTimesRead = ModelState.ErrorCount == errors;
        var summaryAt = ReadTime(Input.SummaryAt, "Input.SummaryAt");
        if (Input.SummaryFrequency != SummaryFrequency.Off && summaryAt is null && ModelState.IsValid)
            ModelState.AddModelError("Input.SummaryAt", "Give the time of day the summary comes, for example 08:00.");
        // A time that is not one has its message already; "give both" beside it would be a second.
        if (quietTimesRead && QuietHours.Check(from, to) is var (end, message))
            ModelState.AddModelError($"Input.Quiet{end}", message);
        if (!ModelState.IsValid) return await RedisplayAsync(posted: Form.Preferences);

        var quiet = new QuietHours(from, to, Input.QuietWeekends, Input.UrgentComesThrough);
        var summary = new SummarySchedule(Input.SummaryFrequency, summaryAt ?? new TimeOnly(8, 0), Input.SummaryDay);
        await Grain.UpdatePreferencesAsync(new NotificationPreferences(Input.TimeZoneId, Input.EmailOnOwnLogin, quiet, summary), HttpContext.RequestAborted);
        var saved = Other is null ? "Your notification preferences were saved." : $"The preferences of {Other.Email} were saved.";
        // A summary of no subscription is always empty: said now, not a week from now by an empty mail (none goes).
        var alwaysEmpty = summary.IsOn && (await Grain.GetSnapshotAsync(HttpContext.RequestAborted)).Subscriptions.Count == 0;
        TempData.Show(alwaysEmpty
            ? Toast.Warning($"{saved} The summary reports on the jobs of {(Other is null ? "your" : "their")} subscriptions, and there are none yet: subscribe below. A summary of every job to a channel is on the Notifications page.")
            : saved);
        return RedirectToPage(new { user = PersonId });
    }

    public async Task<IActionResult> OnPostSubscriptionsAsync()
    {
        if (await ChoosePersonAsync() is { } refused) return refused;
        ModelState.Clear(); // only the rows below are this form's
        var kept = new List<Subscription>();
        for (var i = 0; i < Subscriptions.Count; i++)
        {
            var row = Subscriptions[i];
            if (row.Remove || row.IsBlank) continue;
            var subscription = row.ToSubscription();
            var (targetProblem, outcomesProblem) = UserTransitions.Problems(subscription);
            if (targetProblem is not null) ModelState.AddModelError($"Subscriptions[{i}].Target", targetProblem);
            if (outcomesProblem is not null) ModelState.AddModelError($"Subscriptions[{i}].Outcomes", outcomesProblem);
            kept.Add(subscription);
        }

        if (kept.Count > Subscription.MaxPerUser) ModelState.AddModelError("Subscriptions", $"At most {Subscription.MaxPerUser} subscriptions per person.");
        if (!ModelState.IsValid) return await RedisplayAsync(posted: Form.Subscriptions);

        await Grain.SetSubscriptionsAsync(kept, HttpContext.RequestAborted);
        TempData.Show(kept.Count == 0 ? "No subscriptions: nothing is emailed to you directly." : $"{Counts.Of(kept.Count, "subscription")} saved.");
        return RedirectToPage(new { user = PersonId });
    }

    /// <summary>"Send now": the summary of the last day (or week) at once, to see what it says.</summary>
    public async Task<IActionResult> OnPostSendSummaryAsync()
    {
        if (await ChoosePersonAsync() is { } refused) return refused;
        var whyNot = await Grain.SendSummaryNowAsync(HttpContext.RequestAborted);
        TempData.Show(whyNot is null ? "The summary is on its way; see the Delivery log." : Toast.Warning(whyNot));
        return RedirectToPage(new { user = PersonId });
    }

    /// <summary>Whose notifications: one's own, or (admins) anyone's. Null when allowed.</summary>
    private async Task<IActionResult?> ChoosePersonAsync()
    {
        var own = users.GetUserId(User)!;
        _personId = string.IsNullOrEmpty(PersonId) ? own : PersonId;
        if (_personId == own) return null;
        if (!User.IsInRole(Roles.Admin)) return Forbid();
        Other = await users.FindByIdAsync(_personId);
        return Other is null ? NotFound() : null;
    }

    /// <summary>The page again with the errors of the form just <paramref name="posted"/> and what was typed in it; the other form as saved.</summary>
    private async Task<IActionResult> RedisplayAsync(Form posted)
    {
        var snapshot = await Grain.GetSnapshotAsync(HttpContext.RequestAborted);
        if (posted == Form.Preferences) Subscriptions = snapshot.Subscriptions.Select(SubscriptionInput.From).ToList();
        else Input = PreferencesInput.From(snapshot.Preferences);
        UpdatedAt = snapshot.PreferencesUpdatedAt;
        await LoadSuggestionsAsync();
        await FindUnmatchedAsync();
        await DescribeLoginEmailsAsync();
        return Page();
    }

    private void RemoveSubscriptionErrors()
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Subscriptions", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
    }

    private TimeOnly? ReadTime(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (TimeOfDay.TryRead(text, out var time)) return time;
        ModelState.AddModelError(field, TimeOfDay.Problem);
        return null;
    }

    /// <summary>The servers and jobs there are, offered as the form's suggestions.</summary>
    private async Task LoadSuggestionsAsync()
    {
        var jobs = await db.BackupJobs.AsNoTracking().OrderBy(j => j.ServerName).ThenBy(j => j.JobName).Take(SuggestionsShown)
            .Select(j => new { j.ServerName, j.JobName }).ToListAsync(HttpContext.RequestAborted);
        Servers = jobs.Select(j => j.ServerName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Jobs = jobs.Select(j => Domain.Grains.BackupJobs.JobKey.Of(j.ServerName, j.JobName).Value).Distinct().ToList();
    }

    /// <summary>
    /// Whether login emails are sent at all, and how often: the switch itself, then the admins' User
    /// Login settings decide, and a person who logs in twice and gets one email should read why beside the switch.
    /// </summary>
    private async Task DescribeLoginEmailsAsync()
    {
        var settings = await systemNotifications.GetAsync(HttpContext.RequestAborted);
        var channels = await db.Channels.AsNoTracking()
            .Select(c => new RoutableChannel(c.Id, c.Name, c.Kind, c.Enabled)).ToListAsync(HttpContext.RequestAborted);
        // The router's own rule, asked for a login of someone who wants the emails: is one addressed to them?
        var route = SystemEventRouting.Route(SystemEventType.UserLogin, settings, channels, userEmail: "someone@example.com", userWantsEmail: true, throttledBecause: null);
        var login = settings.For(SystemEventType.UserLogin);
        LoginEmails = !Input.EmailOnOwnLogin ? "Not sent: switched off here."
            : !route.Deliveries.Any(delivery => delivery.Recipient is not null)
            ? !login.Enabled ? "Not sent at the moment: an admin has switched the User Login event off."
            : login.NotifyUser == NotifyUserMode.Disabled ? "Not sent at the moment: an admin has not switched on “Notify user directly” for User Login."
            : "Not sent at the moment: the User Login event has no enabled Email channel to send them through."
            : settings.LoginThrottle > TimeSpan.Zero
                ? $"Sent at most once every {Counts.Of((int)settings.LoginThrottle.TotalMinutes, "minute")} (the admins' setting), so a second login from the same address soon after the first sends none; one from another address always does."
                : "Sent at every login.";
    }

    private async Task FindUnmatchedAsync() =>
        Unmatched = await jobs.UnmatchedAsync(Subscriptions.Select(row => (row.Scope, row.Target)).ToList(), HttpContext.RequestAborted);
}
