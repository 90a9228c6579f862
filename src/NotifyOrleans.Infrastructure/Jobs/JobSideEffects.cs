using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// Stages a job turn's history row and outbox rows in the turn's own DbContext, so they commit
/// in the same transaction as the job's state. One per turn (<see cref="JobSideEffectsFactory"/>).
/// </summary>
public sealed class JobSideEffects(AppDbContext db, NotificationOutbox outbox, TemplateRenderer templates, JobDefaults defaults, IncidentLinks links, TimeProvider time)
{
    private List<Guid>? _emailChannels;

    public void AddRunToHistory(string jobKey, RunReport report, DateTimeOffset receivedAt, IReadOnlyList<RouteEntry>? route = null) =>
        new JobSideEffectsHistory(db).Add(jobKey, report, receivedAt, route);

    /// <summary>Stages the timeline lines of what the turn did to the job's incident.</summary>
    /// <param name="route">Who could have been told of what the lines say, and why: kept with the first line.</param>
    public void AddToTimeline(string jobKey, IEnumerable<TimelineEntry> entries, IReadOnlyList<RouteEntry>? route = null) =>
        db.JobEvents.AddRange(entries.Select((e, i) => new JobEvent
        {
            // Cut as the column takes it: a line naming many people ("Could not email … to A, B, C …")
            // failed the turn's commit on PostgreSQL, and every report of the job with it.
            JobKey = jobKey, At = e.At, Kind = e.Kind, Text = StoredText.Fit(e.Text, TimelineEntry.TextMaxLength)!,
            RouteJson = i == 0 ? JobSideEffectsHistory.WriteRoute(route) : null,
        }));

    public Task<bool> IsInHistoryAsync(string jobKey, string runId, CancellationToken cancellationToken) =>
        new JobSideEffectsHistory(db).ContainsAsync(jobKey, runId, cancellationToken);

    /// <param name="channelTimeZoneId">The zone the channels' copy gives its times in (the job's schedule's); a person's email gives their own.</param>
    /// <param name="notes">The job's notes: said on the notices of a problem, not on successes and recoveries.</param>
    public async Task NotifyAsync(string jobKey, JobNotification notification, string channelTimeZoneId, string? notes, string dedupKey, CancellationToken cancellationToken)
    {
        if (!notification.HasRecipients) return;
        var run = notification.Run;
        // A notice about an open incident (not its recovery) carries the link that acknowledges it,
        // unless someone already has.
        var incident = notification.EventType != EventTypes.BackupRecovered && notification.Acknowledged is null ? notification.DownSince : null;
        // An Overdue or escalation notice is about the job now, not about its last run (a success,
        // maybe): its time is when it was raised; the last run has its own field.
        var aboutTheJob = notification.EventType is EventTypes.BackupOverdue or EventTypes.BackupEscalated;
        var context = new NotificationContext
        {
            ServerName = run.ServerName,
            BackupName = run.JobName,
            Status = StatusShown(notification),
            Timestamp = aboutTheJob ? time.GetUtcNow() : run.EndedAt,
            Duration = run.Duration,
            SizeBytes = run.KnownSizeBytes,
            FileCount = run.KnownFileCount,
            WarningCount = run.WarningCount,
            ErrorCount = run.ErrorCount,
            ErrorDetails = run.ErrorDetails,
            // A job that never reported has no last run: the notice's run is a stand-in dated when the schedule began.
            // A run reported late is not the last: the newer one that came first is.
            LastRun = notification.NewestRunAt ?? (run.Status == RunStatus.Unknown ? null : run.EndedAt),
            ReportedLate = notification.ReportedLate,
            ExpectedAt = notification.ExpectedAt,
            DownSince = notification.DownSince,
            RunningSince = notification.RunningSince,
            // By name: the notice reaches channels (a Discord room, an ntfy topic), not only colleagues.
            AcknowledgedBy = notification.Acknowledged?.By is { } by ? (await PeopleDirectory.LoadAsync(db, cancellationToken)).NamesInsteadOfAddresses(by) : null,
            AcknowledgedAt = notification.Acknowledged?.At,
            Repeat = notification.Repeat,
            Notes = IsAboutAProblem(notification.EventType) ? notes : null,
            JobUrl = links.JobPage(jobKey),
            AcknowledgeUrl = incident is { } since ? links.Acknowledge(jobKey, since) : null,
        };
        var message = Render(notification, context with { Zone = LocalTimes.Zone(channelTimeZoneId) });
        foreach (var channel in notification.ChannelIds)
        {
            var heldUntil = notification.HeldChannels?.TryGetValue(channel, out var until) == true ? until : (DateTimeOffset?)null;
            await outbox.EnqueueAsync(message, channel, dedupKey, jobKey: jobKey, heldUntil: heldUntil,
                heldFor: heldUntil is null ? null : ChannelDigests.HeldFor(channel), cancellationToken: cancellationToken);
        }
        // A person's email gives the times in their own time zone: rendered once per zone.
        var byZone = new Dictionary<string, NotificationMessage> { [channelTimeZoneId] = message };
        NotificationMessage InZone(string timeZoneId) => byZone.TryGetValue(timeZoneId, out var theirs) ? theirs
            : byZone[timeZoneId] = Render(notification, context with { Zone = LocalTimes.Zone(timeZoneId) });
        if (notification.Users is { Count: > 0 } users) await EmailPeopleAsync(jobKey, InZone, notification, users, dedupKey, cancellationToken);
        if (notification.Subscribers is { Count: > 0 } subscribers) await EmailSubscribersAsync(jobKey, InZone, subscribers, dedupKey, cancellationToken);
    }

    /// <summary>
    /// The status a notice shows: its run's, but "Overdue" on an Overdue notice, and on an escalation
    /// of a job whose last run succeeded (its incident is that the job is late, not that it fails).
    /// </summary>
    /// <summary>A notice that asks someone to act: a failure, a warning, a missed or unfinished run, an escalation.</summary>
    private static bool IsAboutAProblem(string eventType) =>
        eventType is EventTypes.BackupFailure or EventTypes.BackupWarning or EventTypes.BackupOverdue or EventTypes.BackupEscalated;

    private static string StatusShown(JobNotification notification) =>
        notification.EventType == EventTypes.BackupOverdue
        || (notification.EventType == EventTypes.BackupEscalated && notification.Run.Status == RunStatus.Success)
            ? "Overdue"
            : notification.Run.Status.ToString();

    /// <summary>The notice's message from its template; in <paramref name="context"/>'s time zone, if it has one.</summary>
    private NotificationMessage Render(JobNotification notification, NotificationContext context)
    {
        var message = templates.Render(notification.EventType, context);
        if (notification.Test) message = message.AsTest();
        return notification.Priority is { } priority ? message.WithPriority(priority) : message;
    }

    /// <summary>The Email channel that direct emails go through when nothing names one: the best enabled one (<see cref="EmailChannels"/>).</summary>
    public async Task<Guid?> FirstEmailChannelAsync(CancellationToken cancellationToken) =>
        (await EmailChannelsAsync(cancellationToken)).Cast<Guid?>().FirstOrDefault();

    /// <summary>The enabled Email channels, read once per turn: routing, subscribers and escalation people all ask.</summary>
    private async Task<List<Guid>> EmailChannelsAsync(CancellationToken cancellationToken) =>
        _emailChannels ??= await EmailChannels.EnabledAsync(db, cancellationToken);

    /// <summary>Subscribers are emailed now, or (quiet hours) their row is held for their digest.</summary>
    private async Task EmailSubscribersAsync(string jobKey, Func<string, NotificationMessage> inZone, IReadOnlyList<SubscriberDelivery> subscribers, string dedupKey,
        CancellationToken cancellationToken)
    {
        if (await FirstEmailChannelAsync(cancellationToken) is not { } through) return; // routing saw one: none only if it went in between
        foreach (var person in subscribers)
            await outbox.EnqueueAsync(inZone(person.TimeZoneId), through, dedupKey, recipient: person.Email, jobKey: jobKey,
                heldUntil: person.HeldUntil, heldFor: person.HeldUntil is null ? null : person.UserId, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The people an escalation step names (and, later, its recovery) are emailed at their
    /// account's address: through the step's own Email channel if it has one, else through the
    /// first enabled Email channel by name. Whoever cannot be emailed is said on the job's timeline.
    /// </summary>
    private async Task EmailPeopleAsync(string jobKey, Func<string, NotificationMessage> inZone, JobNotification notification, IReadOnlyList<string> userIds, string dedupKey,
        CancellationToken cancellationToken)
    {
        var emailChannels = await EmailChannelsAsync(cancellationToken);
        var through = notification.ChannelIds.Where(emailChannels.Contains).Concat(emailChannels).Cast<Guid?>().FirstOrDefault();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.Email ?? u.UserName ?? u.Id, u.Email, u.IsDisabled }).ToListAsync(cancellationToken);
        var preferences = await db.UserStates.AsNoTracking()
            .Select(s => new { UserId = EF.Property<string>(s, GrainKeyModelExtensions.KeyProperty), s.TimeZoneId, s.QuietHours })
            .Where(s => userIds.Contains(s.UserId))
            .ToDictionaryAsync(s => s.UserId, s => (s.TimeZoneId, s.QuietHours), cancellationToken);
        var unreachable = new List<string>();
        foreach (var person in people)
        {
            var whyNot = person.IsDisabled ? "account disabled" : string.IsNullOrWhiteSpace(person.Email) ? "no email address" : through is null ? "no Email channel is enabled" : null;
            if (whyNot is not null)
            {
                unreachable.Add($"{person.Name} ({whyNot})");
                continue;
            }

            // Their quiet hours hold it as they hold a subscription's notices: someone who let nothing
            // through at night (no "failures, missed runs and escalations come through") meant a step's too.
            var (zone, quiet) = preferences.GetValueOrDefault(person.Id, ("UTC", null));
            var heldUntil = quiet?.Holds(notification.EventType, time.GetUtcNow(), LocalTimes.Zone(zone));
            await outbox.EnqueueAsync(inZone(zone), through!.Value, dedupKey, recipient: person.Email, jobKey: jobKey,
                heldUntil: heldUntil, heldFor: heldUntil is null ? null : person.Id, cancellationToken: cancellationToken);
        }

        if (unreachable.Count == 0) return;
        var notice = notification.EventType == EventTypes.BackupRecovered ? "the recovery" : $"escalation step {notification.Step + 1}";
        AddToTimeline(jobKey, [new TimelineEntry(time.GetUtcNow(), "unreachable", $"Could not email {notice} to {string.Join(", ", unreachable)}.")]);
    }

    public Task<NewJobDefaults> NewJobDefaultsAsync(CancellationToken cancellationToken) => defaults.NewJobAsync(cancellationToken);

    public Task<IReadOnlyList<EscalationStep>> DefaultEscalationAsync(CancellationToken cancellationToken) => defaults.GetEscalationAsync(cancellationToken);

    public Task<ChannelQuietHours> ChannelQuietHoursAsync(CancellationToken cancellationToken) => defaults.GetChannelQuietHoursAsync(cancellationToken);

    public Task<bool> ApplyDetectedSchedulesAsync(CancellationToken cancellationToken) => defaults.GetApplyDetectedSchedulesAsync(cancellationToken);

    /// <summary>The schedule this job's runs show, if they show one clearly. <paramref name="latest"/> is the run this turn records (not saved yet).</summary>
    public async Task<ScheduleProposal?> DetectScheduleAsync(string jobKey, DateTimeOffset latest, CancellationToken cancellationToken)
    {
        var times = await new JobQueries(db).RunTimesAsync(jobKey, cancellationToken: cancellationToken);
        return ScheduleDetection.Detect([latest, .. times], TimeZones.Server);
    }
}

/// <summary>Makes the side effects of one grain turn over the turn's own DbContext.</summary>
public sealed class JobSideEffectsFactory(TemplateRenderer templates, TimeProvider time, IOptions<DeliveryOptions> delivery, OutboxSignal signal, IncidentLinks links)
{
    /// <param name="retrying">
    /// False on a change's first attempt: its outbox rows are not looked up first, and a repeat
    /// (rare: a row committed by an earlier turn) fails the commit, so the change runs again with true.
    /// </param>
    public JobSideEffects Create(AppDbContext db, bool retrying = true) =>
        new(db, new NotificationOutbox(db, time, delivery, signal, looksUpStoredRows: retrying), templates, new JobDefaults(db, time), links, time);
}
