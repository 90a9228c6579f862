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

    private volatile IReadOnlyDictionary<(string EventType, ChannelKind? Channel), TemplateVersion> _saved =
        new Dictionary<(string, ChannelKind?), TemplateVersion>();

    /// <summary>The template an event type renders with now.</summary>
    public NotificationTemplate For(string eventType)
    {
        var builtIn = DefaultTemplates.ByEventType.TryGetValue(eventType, out var found)
            ? found
            : throw new ArgumentException($"No template for event type '{eventType}'.", nameof(eventType));
        return Saved(eventType) is { } saved ? saved.ToDraft().ToTemplate(eventType, builtIn.Kind) : builtIn;
    }

    /// <summary>The version in use for all channels, or for one kind, if one was saved (and not reset).</summary>
    public TemplateVersion? Saved(string eventType, ChannelKind? channel = null) =>
        _saved.TryGetValue((eventType, channel), out var saved) && !saved.IsReset ? saved : null;

    /// <summary>The kinds of channel with their own wording of this event type, and that wording.</summary>
    public IReadOnlyDictionary<ChannelKind, TemplateDraft> Wordings(string eventType) =>
        TemplateParts.Kinds.Select(kind => (kind, saved: Saved(eventType, kind))).Where(k => k.saved is not null)
            .ToDictionary(k => k.kind, k => k.saved!.ToDraft());

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        _saved = (await NewestAsync(db, cancellationToken)).ToDictionary(t => (t.EventType, t.Channel));
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
