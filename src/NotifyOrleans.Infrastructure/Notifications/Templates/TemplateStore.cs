using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Notifications.Templates;

/// <summary>
/// The templates in use, in memory: the newest saved version of each event type that has one (a
/// reset means the built-in default), the built-in default for the rest; and each kind of
/// channel's own wording where an admin wrote one (a reset means the shared one). Rendering happens inside
/// grain turns and must not wait for the database, so a snapshot is read at start-up and every
/// <see cref="RefreshEvery"/>: an edit reaches the node that saved it at once, the others within that.
/// </summary>
public sealed class TemplateStore(IDbContextFactory<AppDbContext> dbs)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private static readonly IReadOnlyDictionary<ChannelKind, TemplateDraft> NoWordings = new Dictionary<ChannelKind, TemplateDraft>();

    /// <summary>
    /// One snapshot, swapped whole: the newest version per event type and kind, the template each
    /// event type renders with, and the kinds' wordings per event type (the last two built at refresh,
    /// not on every render).
    /// </summary>
    private sealed record Snapshot(
        IReadOnlyDictionary<(string EventType, ChannelKind? Channel), TemplateVersion> Saved,
        IReadOnlyDictionary<string, NotificationTemplate> InUse,
        IReadOnlyDictionary<string, IReadOnlyDictionary<ChannelKind, TemplateDraft>> Wordings);

    private volatile Snapshot _snapshot = new(new Dictionary<(string, ChannelKind?), TemplateVersion>(), DefaultTemplates.ByEventType,
        new Dictionary<string, IReadOnlyDictionary<ChannelKind, TemplateDraft>>());

    /// <summary>The template an event type renders with now.</summary>
    public NotificationTemplate For(string eventType) =>
        _snapshot.InUse.TryGetValue(eventType, out var template)
            ? template
            : throw new ArgumentException($"No template for event type '{eventType}'.", nameof(eventType));

    /// <summary>The version in use for all channels, or for one kind, if one was saved (and not reset).</summary>
    public TemplateVersion? Saved(string eventType, ChannelKind? channel = null) =>
        _snapshot.Saved.TryGetValue((eventType, channel), out var saved) && !saved.IsReset ? saved : null;

    /// <summary>The kinds of channel with their own wording of this event type, and that wording (read on every render: built at refresh).</summary>
    public IReadOnlyDictionary<ChannelKind, TemplateDraft> Wordings(string eventType) =>
        _snapshot.Wordings.TryGetValue(eventType, out var wordings) ? wordings : NoWordings;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var newest = await NewestAsync(db, cancellationToken);
        var wordings = newest.Where(t => t.Channel is not null && !t.IsReset).GroupBy(t => t.EventType)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<ChannelKind, TemplateDraft>)g.ToDictionary(t => t.Channel!.Value, t => t.ToDraft()));
        var saved = newest.ToDictionary(t => (t.EventType, t.Channel));
        var inUse = DefaultTemplates.ByEventType.ToDictionary(d => d.Key, d => saved.TryGetValue((d.Key, null), out var version) && !version.IsReset
            ? version.ToDraft().ToTemplate(d.Key, d.Value.Kind)
            : d.Value);
        _snapshot = new Snapshot(saved, inUse, wordings);
    }

    /// <summary>The newest version of each event type and channel kind that has one (a reset included).</summary>
    public static Task<List<TemplateVersion>> NewestAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.TemplateVersions.AsNoTracking()
            .Where(t => !db.TemplateVersions.Any(later => later.EventType == t.EventType && later.Channel == t.Channel && later.Version > t.Version))
            .ToListAsync(cancellationToken);
}

/// <summary>Reads the templates before the node serves, then keeps them fresh.</summary>
public sealed class TemplateRefresher(TemplateStore store, ILogger<TemplateRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.RefreshAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database is the app's: if it does not answer, the health check says so. Defaults meanwhile.
            logger.LogWarning(exception, "Could not read the saved templates; the built-in ones are used until the next try");
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TemplateStore.RefreshEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await store.RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not refresh the saved templates");
            }
        }
    }
}
