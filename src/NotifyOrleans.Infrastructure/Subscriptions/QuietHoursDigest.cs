using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Subscriptions;

/// <summary>The one message that carries what quiet hours held back (a person's, or a channel's): a line per notice, oldest first.</summary>
public static class QuietHoursDigest
{
    /// <summary>
    /// Folds the rows held for <paramref name="heldFor"/> whose time has come into one digest per
    /// channel and address, staged in <paramref name="db"/>, and marks them Digested: the caller's
    /// save commits both, or neither. Returns how many rows it folded.
    /// </summary>
    /// <param name="address">A person's address now: their digest goes there, not to the one they had when a notice was held.</param>
    public static async Task<int> FoldAsync(AppDbContext db, NotificationOutbox outbox, string heldFor, TimeZoneInfo zone, DateTimeOffset now,
        string? consoleUrl, string whose, CancellationToken cancellationToken, string? address = null)
    {
        var held = await db.Outbox.Where(r => r.HeldFor == heldFor && r.Status == OutboxStatus.Held && r.NextAttemptAt <= now)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var channelIds = held.Select(r => r.ChannelId).Distinct().ToList();
        var kinds = await db.Channels.Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Kind, cancellationToken);
        foreach (var rows in held.GroupBy(r => (r.ChannelId, Recipient: address is not null && r.Recipient is { Length: > 0 } ? address : r.Recipient)))
        {
            // Each line in the wording of the kind of channel the digest goes out on, as the notice
            // itself would have been sent (a channel deleted meanwhile: the shared wording).
            var messages = rows.Select(NotificationOutbox.Read)
                .Select(m => kinds.TryGetValue(rows.Key.ChannelId, out var kind) ? m.For(kind) : m).ToList();
            var digest = Build(messages, zone, now, consoleUrl, whose);
            await outbox.EnqueueAsync(digest, rows.Key.ChannelId, $"digest:{heldFor}:{rows.Max(r => r.Id)}", rows.Key.Recipient, cancellationToken: cancellationToken);
            foreach (var row in rows)
            {
                row.Status = OutboxStatus.Digested;
                row.NextAttemptAt = now; // when it went into the digest: the Delivery log says so
            }
        }

        return held.Count;
    }

    /// <summary>
    /// Ends what was held for a person who can no longer be told (the account was deleted or
    /// disabled while their quiet hours held it): a digest must not reach a former colleague.
    /// </summary>
    public static Task<int> DropAsync(AppDbContext db, string heldFor, DateTimeOffset now, string reason, CancellationToken cancellationToken) =>
        db.Outbox.Where(r => r.HeldFor == heldFor && r.Status == OutboxStatus.Held)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, OutboxStatus.Cancelled).SetProperty(r => r.LastError, reason).SetProperty(r => r.NextAttemptAt, now), cancellationToken);

    /// <param name="whose">"Your quiet hours" for a person, "The channels' quiet hours" for a channel.</param>
    public static NotificationMessage Build(IReadOnlyList<NotificationMessage> held, TimeZoneInfo zone, DateTimeOffset now, string? consoleUrl, string whose)
    {
        var title = $"While you were away: {Counts.Of(held.Count, "notice")} ({NoticeNames.Counted(held)})";
        var lines = held.OrderBy(m => m.OccurredAt).Select(m => new Line(When(m.OccurredAt, zone, now), m.Title + DownFor(m) + Error(m), m.Kind, JobPage(m))).ToList();

        var text = new StringBuilder($"{whose} held these back:\n\n");
        foreach (var line in lines) text.Append($"{line.At}  {line.Text}\n");
        // Each job's page once, under the lines: what to open first, without a link on every line of a phone's screen.
        var jobs = held.Where(m => JobPage(m) is not null).DistinctBy(JobPage).ToList();
        if (jobs.Count > 0) text.Append('\n').AppendJoin("", jobs.Select(m => $"{JobName(m)}: {JobPage(m)}\n"));
        var html = new StringBuilder($"<p>{whose} held these back:</p><table cellpadding=\"4\">");
        foreach (var line in lines)
            html.Append($"<tr><td style=\"white-space:nowrap;color:#57606a\">{line.At}</td>")
                .Append($"<td style=\"border-left:4px solid {line.Kind.HexColor()}\">")
                .Append(line.Link is { } link ? $"<a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(line.Text)}</a>" : WebUtility.HtmlEncode(line.Text))
                .Append("</td></tr>");
        html.Append("</table>");

        var worst = held.Select(m => m.Kind).MinBy(kind => kind.DeliveryPriority());
        return new NotificationMessage(EventTypes.Digest, worst, title, text.ToString().TrimEnd(), html.ToString(),
            [new MessageField("Held", $"{held.Count}"), new MessageField("Time zone", zone.Id)],
            consoleUrl is null ? [] : [new MessageLink("Open the console", consoleUrl)],
            now, TimeZoneId: zone.Id); // the email's own time at its foot in the reader's zone too
    }

    private sealed record Line(string At, string Text, NotificationKind Kind, string? Link);

    /// <summary>The job's page a notice links to (its first link that only opens), if the console's address is set.</summary>
    private static string? JobPage(NotificationMessage message) => message.Links.FirstOrDefault(l => !l.Acts)?.Url;

    private static string JobName(NotificationMessage message) =>
        Field(message, "Backup") is { } backup && Field(message, "Server") is { } server ? $"{backup} on {server}" : message.Title;

    /// <summary>A recovery's line says how long the job was down: the digest is often the first a person reads of it.</summary>
    private static string DownFor(NotificationMessage message) =>
        message.EventType == EventTypes.BackupRecovered && Field(message, "Down for") is { } downFor ? $" (down for {downFor})" : "";

    /// <summary>A failure's line says what went wrong, in one line: the held notice itself is not sent.</summary>
    private static string Error(NotificationMessage message) =>
        Field(message, "Error") is { } error ? $": {StoredText.Cut(ErrorHeadlines.Of(error), 200)}" : "";

    private static string? Field(NotificationMessage message, string name) => message.Fields.FirstOrDefault(f => f.Name == name)?.Value;

    /// <summary>
    /// A line's time in the reader's zone: the weekday within the last six days (a night, a weekend),
    /// the date before that (a late report of an old run said "Sun 14:29" eleven days on).
    /// </summary>
    private static string When(DateTimeOffset at, TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return now - at < TimeSpan.FromDays(6) ? $"{local:ddd HH:mm}" : $"{local:yyyy-MM-dd HH:mm}";
    }
}
