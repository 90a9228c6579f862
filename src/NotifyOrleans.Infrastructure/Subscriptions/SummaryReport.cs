using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Subscriptions;

/// <summary>
/// A person's summary of their subscribed jobs over a period: what ran, what failed, what is
/// failing or overdue now (and who took it on), what did not run, whose monitoring is paused, and how size and duration moved. Rendered with the Summary
/// template (its <c>{{message}}</c> is the text below), with an HTML table for email.
/// </summary>
public sealed class SummaryReport(AppDbContext db, TemplateRenderer templates)
{
    private const int LinesPerSection = 20;

    private sealed record Job(string Key, string ServerName, string JobName, RunStatus Status, DateTimeOffset? OverdueSince, DateTimeOffset? LastRunAt,
        DateTimeOffset? PausedAt, string? PausedBy, DateTimeOffset? PausedUntil,
        DateTimeOffset? FailingSince, int ConsecutiveFailures, DateTimeOffset? LastSuccessAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy)
    {
        /// <summary>As the console shows it ("WSJ-SER5/Local files"), not its lower-cased key.</summary>
        public string Name => $"{ServerName}/{JobName}";
    }

    private sealed record Run(string JobKey, RunStatus Status, DateTimeOffset EndedAt, long? SizeBytes, long? DurationMs);

    /// <returns>The message, or null when the subscriptions cover no job.</returns>
    public async Task<NotificationMessage?> BuildAsync(IReadOnlyList<Subscription> subscriptions, DateTimeOffset start, DateTimeOffset end,
        TimeZoneInfo zone, string periodName, string? consoleUrl, CancellationToken cancellationToken)
    {
        var jobs = (await db.BackupJobs.AsNoTracking()
                .Select(j => new Job(EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty), j.ServerName, j.JobName, j.Status, j.OverdueSince, j.LastRunAt,
                    j.PausedAt, j.PausedBy, j.PausedUntil, j.FailingSince, j.ConsecutiveFailures, j.LastSuccessAt, j.AcknowledgedAt, j.AcknowledgedBy))
                .ToListAsync(cancellationToken))
            .Where(j => subscriptions.Any(s => s.Covers(j.ServerName, j.Key))).OrderBy(j => j.Key).ToList();
        if (jobs.Count == 0) return null;
        var keys = jobs.Select(j => j.Key).ToList();
        var runs = (await db.BackupRuns.AsNoTracking()
                .Where(r => keys.Contains(r.JobKey) && r.Operation == RunOperation.Backup && r.EndedAt >= start && r.EndedAt < end)
                .Select(r => new Run(r.JobKey, r.Status, r.EndedAt, r.SizeBytes, r.DurationMs)).ToListAsync(cancellationToken))
            .GroupBy(r => r.JobKey).ToDictionary(g => g.Key, g => g.OrderBy(r => r.EndedAt).ToList());

        // Restores are told as they happen (Restore Completed / Failed); the summary keeps them in sight beside the backups.
        var restores = await db.BackupRuns.AsNoTracking()
            .Where(r => keys.Contains(r.JobKey) && r.Operation == RunOperation.Restore && r.EndedAt >= start && r.EndedAt < end)
            .OrderBy(r => r.EndedAt).Select(r => new Run(r.JobKey, r.Status, r.EndedAt, null, null)).ToListAsync(cancellationToken);
        var all = runs.Values.SelectMany(r => r).ToList();
        var people = await PeopleDirectory.LoadAsync(db, cancellationToken); // colleagues by name, as the job page shows Members
        string TakenOn(Job j) => j.AcknowledgedAt is null ? "" : $", acknowledged by {people.NamesInsteadOfAddresses(j.AcknowledgedBy ?? "")}";
        string Count(RunStatus status) => $"{all.Count(r => r.Status == status)}";
        var local = (DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm");
        // A job down for days reports nothing new in the period: these say it is still down.
        var failingNow = jobs.Where(j => j.FailingSince is not null)
            .Select(j => $"{j.Name}: since {local(j.FailingSince!.Value)}, {FailureStreak.Describe(j.ConsecutiveFailures, j.Status, j.FailingSince, j.LastSuccessAt)}{TakenOn(j)}").ToList();
        var overdueNow = jobs.Where(j => j.OverdueSince is not null).Select(j => $"{j.Name}: since {local(j.OverdueSince!.Value)}{TakenOn(j)}").ToList();
        var sections = new List<(string Heading, List<string> Lines)>
        {
            ("Failed", jobs.Where(j => runs.TryGetValue(j.Key, out var r) && r.Any(x => x.Status == RunStatus.Failure))
                .Select(j => $"{j.Name}: {runs[j.Key].Count(x => x.Status == RunStatus.Failure)} of {Counts.Of(runs[j.Key].Count, "run")}").ToList()),
            ("With warnings", jobs.Where(j => runs.TryGetValue(j.Key, out var r) && r.Any(x => x.Status == RunStatus.Warning))
                .Select(j => $"{j.Name}: {runs[j.Key].Count(x => x.Status == RunStatus.Warning)} of {Counts.Of(runs[j.Key].Count, "run")}").ToList()),
            ("Failing now", failingNow),
            ("Overdue now", overdueNow),
            ("No run this " + periodName, jobs.Where(j => !runs.ContainsKey(j.Key))
                .Select(j => $"{j.Name}: {(j.LastRunAt is { } last ? $"last run {local(last)}" : "never ran")}").ToList()),
            // A pause until the job reports again lasts as long as its server stays away: the summary keeps it in sight.
            ("Monitoring paused", jobs.Where(j => j.PausedAt is not null)
                .Select(j => $"{j.Name}: by {people.NamesInsteadOfAddresses(j.PausedBy ?? "")} since {local(j.PausedAt!.Value)}, {(j.PausedUntil is { } until ? $"until {local(until)}" : "until it reports again")}").ToList()),
            ("Restores", restores.Select(r => $"{jobs.Single(j => j.Key == r.JobKey).Name}: {RestoreOutcome(r.Status)} {local(r.EndedAt)}").ToList()),
            ("Size and duration", jobs.Where(j => runs.ContainsKey(j.Key)).Select(j => Trend(j.Name, runs[j.Key])).OfType<string>().ToList()),
        };

        var headline = $"Over the {periodName} to {local(end)} ({zone.Id}): {Counts.Of(jobs.Count, "job")}, {Counts.Of(all.Count, "run")}: "
            + $"{Count(RunStatus.Success)} succeeded, {Count(RunStatus.Warning)} with warnings, {Count(RunStatus.Failure)} failed; "
            + $"{failingNow.Count} failing and {overdueNow.Count} overdue now."
            + (restores.Count == 0 ? "" : $" {Counts.Of(restores.Count, "restore")}, {restores.Count(r => r.Status == RunStatus.Failure)} failed.");
        var text = new StringBuilder(headline);
        var html = new StringBuilder($"<p>{WebUtility.HtmlEncode(headline)}</p>");
        foreach (var (heading, lines) in sections.Where(s => s.Lines.Count > 0))
        {
            var shown = lines.Take(LinesPerSection).Append(lines.Count > LinesPerSection ? $"… and {lines.Count - LinesPerSection} more" : null).OfType<string>().ToList();
            text.Append($"\n\n{heading}:\n").AppendJoin("\n", shown.Select(l => "- " + l));
            html.Append($"<h3 style=\"font-size:15px;margin:16px 0 4px\">{WebUtility.HtmlEncode(heading)}</h3><ul>")
                .AppendJoin("", shown.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>")).Append("</ul>");
        }

        var message = templates.Render(EventTypes.Summary, new NotificationContext { Timestamp = end, PeriodStart = start, Message = text.ToString(), ConsoleUrl = consoleUrl, Zone = zone });
        var worst = all.Concat(restores).Any(r => r.Status == RunStatus.Failure) || failingNow.Count + overdueNow.Count > 0 ? NotificationKind.Failure
            : all.Any(r => r.Status == RunStatus.Warning) ? NotificationKind.Warning : message.Kind;
        return message with
        {
            Kind = worst,
            HtmlBody = html.ToString(),
            Fields = [new("Jobs", $"{jobs.Count}"), new("Runs", $"{all.Count}"), new("Failed", Count(RunStatus.Failure)), new("Failing now", $"{failingNow.Count}"), new("Overdue", $"{overdueNow.Count}")],
        };
    }

    private static string RestoreOutcome(RunStatus status) => status switch
    {
        RunStatus.Failure => "failed",
        RunStatus.Warning => "completed with warnings",
        _ => "completed",
    };

    /// <summary>
    /// "nas-01/documents: size 1.2 GB → 1.3 GB (+8 %), duration 12m → 14m" from the period's first
    /// and last runs that did not fail (a failed run's size is what it got to, often 0); null
    /// without two of them.
    /// </summary>
    private static string? Trend(string name, IReadOnlyList<Run> period)
    {
        var runs = period.Where(r => r.Status != RunStatus.Failure).ToList();
        if (runs.Count < 2) return null;
        var (first, last) = (runs[0], runs[^1]);
        var parts = new List<string>();
        if (first.SizeBytes is { } a && last.SizeBytes is { } b && a > 0)
            parts.Add($"size {Format.Bytes(a)} → {Format.Bytes(b)} ({(b - a) * 100.0 / a:+0;-0;0} %)");
        if (first.DurationMs is { } d1 && last.DurationMs is { } d2)
            parts.Add($"duration {Domain.Schedules.Durations.Elapsed(TimeSpan.FromMilliseconds(d1))} → {Domain.Schedules.Durations.Elapsed(TimeSpan.FromMilliseconds(d2))}");
        return parts.Count == 0 ? null : $"{name}: {string.Join(", ", parts)}";
    }
}
