using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Notifications.Templates;

/// <summary>
/// Saves, resets and restores an event type's template, for all channels or one kind's wording
/// (<c>channel</c> null or a kind), each as a new version: nothing is ever overwritten, and
/// nothing that does not pass <see cref="TemplateCheck"/> is saved.
/// </summary>
public sealed class TemplateEditor(AppDbContext db, TemplateStore store, TimeProvider time)
{
    public const int HistoryShown = 50;

    public Task<List<TemplateVersion>> HistoryAsync(string eventType, ChannelKind? channel, CancellationToken cancellationToken) =>
        db.TemplateVersions.AsNoTracking().Where(t => t.EventType == eventType && t.Channel == channel)
            .OrderByDescending(t => t.Version).Take(HistoryShown).ToListAsync(cancellationToken);

    /// <summary>
    /// Saves <paramref name="draft"/> as a new version, unless it fails the check or says what is in use
    /// already: a form saved as it was shown adds no "No change." version to the history.
    /// </summary>
    public async Task<TemplateSaveResult> SaveAsync(string eventType, ChannelKind? channel, TemplateDraft draft, string by, CancellationToken cancellationToken)
    {
        var problems = TemplateCheck.Problems(draft, channel, eventType);
        if (problems.Count > 0) return new(problems, Unchanged: false);
        var stored = AsStored(channel, draft);
        if (await InUseAsync(eventType, channel, cancellationToken) is { } inUse && inUse == stored) return new(problems, Unchanged: true);
        await AddVersionAsync(eventType, channel, draft, by, isReset: false, restoredFrom: null, cancellationToken);
        return new(problems, Unchanged: false);
    }

    /// <summary>
    /// What <paramref name="channel"/>'s wording is now, as stored: its newest version, or for all channels the
    /// built-in template. Null for a kind that follows the template for all channels: saving that text as the
    /// kind's own is a change, as the kind stops following it.
    /// </summary>
    private async Task<TemplateDraft?> InUseAsync(string eventType, ChannelKind? channel, CancellationToken cancellationToken)
    {
        var newest = await db.TemplateVersions.AsNoTracking().Where(t => t.EventType == eventType && t.Channel == channel)
            .OrderByDescending(t => t.Version).FirstOrDefaultAsync(cancellationToken);
        if (newest is { IsReset: false }) return newest.ToDraft();
        return channel is null ? AsStored(null, TemplateDraft.Of(DefaultTemplates.ByEventType[eventType])) : null;
    }

    /// <summary>The draft as a version of <paramref name="channel"/> keeps it: normalized, without the parts that kind has not.</summary>
    private static TemplateDraft AsStored(ChannelKind? channel, TemplateDraft draft)
    {
        var normalized = draft.Normalized();
        return normalized with
        {
            HtmlBody = TemplateParts.HasHtmlBody(channel) ? normalized.HtmlBody : "",
            Fields = TemplateParts.HasFields(channel) ? normalized.Fields : "",
        };
    }

    /// <summary>
    /// For all channels: back to the built-in template. For one kind: back to the template for all
    /// channels. Kept as a version, so the history shows who did it and when.
    /// </summary>
    public Task ResetAsync(string eventType, ChannelKind? channel, string by, CancellationToken cancellationToken) =>
        AddVersionAsync(eventType, channel, channel is null ? TemplateDraft.Of(DefaultTemplates.ByEventType[eventType]) : TemplateDraft.Of(store.For(eventType)),
            by, isReset: true, restoredFrom: null, cancellationToken);

    /// <summary>An old version in use again (for the channels it was for), as a new version. False when there is no such version.</summary>
    public async Task<bool> RestoreAsync(string eventType, int version, string by, CancellationToken cancellationToken)
    {
        var old = await db.TemplateVersions.AsNoTracking().SingleOrDefaultAsync(t => t.EventType == eventType && t.Version == version, cancellationToken);
        if (old is null) return false;
        await AddVersionAsync(eventType, old.Channel, old.ToDraft(), by, old.IsReset, restoredFrom: version, cancellationToken);
        return true;
    }

    private async Task AddVersionAsync(string eventType, ChannelKind? channel, TemplateDraft draft, string by, bool isReset, int? restoredFrom, CancellationToken cancellationToken)
    {
        var stored = AsStored(channel, draft);
        // Two saves at once take the same next number; the unique index refuses one, which then takes the next.
        for (var attempt = 1; ; attempt++)
        {
            var next = (await db.TemplateVersions.Where(t => t.EventType == eventType).MaxAsync(t => (int?)t.Version, cancellationToken) ?? 0) + 1;
            var version = new TemplateVersion
            {
                EventType = eventType, Channel = channel, Version = next, Title = stored.Title, Body = stored.Body, Priority = stored.Priority,
                Tags = stored.Tags, HtmlBody = NullIfEmpty(stored.HtmlBody),
                Fields = NullIfEmpty(stored.Fields), IsReset = isReset, RestoredFrom = restoredFrom,
                SavedAt = time.GetUtcNow(), SavedBy = by,
            };
            db.TemplateVersions.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.Entry(version).State = EntityState.Detached;
            }
        }

        await store.RefreshAsync(cancellationToken);
    }

    /// <summary>A part of a version: null where its kind has none (<see cref="AsStored"/>) or it was left empty.</summary>
    private static string? NullIfEmpty(string part) => part.Length > 0 ? part : null;
}

/// <summary>What a save did: refused with each problem at its field, saved as a new version, or nothing, as the draft said what is in use already.</summary>
public sealed record TemplateSaveResult(List<(string Field, string Message)> Problems, bool Unchanged);
