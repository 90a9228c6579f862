using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>Reads and saves Settings → System notifications (one JSON setting). The console and the API both save through here.</summary>
public sealed class SystemNotificationStore(AppDbContext db, TimeProvider time)
{
    public const string Key = "system.notifications";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<SystemNotificationSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        var setting = await db.AppSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == Key, cancellationToken);
        var stored = setting is null ? null : JsonSerializer.Deserialize<SystemNotificationSettings>(setting.ValueJson, Json);
        if (stored is null) return SystemNotificationSettings.Default;

        // A deleted channel drops out of every list, and an event that notified users through the
        // last Email channel stops doing so: the settings stay valid, so the next save succeeds.
        var channels = await db.Channels.AsNoTracking().Select(c => new { c.Id, c.Kind }).ToDictionaryAsync(c => c.Id, c => c.Kind, cancellationToken);
        var global = (stored.GlobalChannels ?? []).Where(channels.ContainsKey).ToList();
        var events = new Dictionary<SystemEventType, SystemEventSettings>();
        foreach (var type in SystemEventCatalog.All)
        {
            // An event added in a later version starts at its default.
            var saved = stored.Events?.GetValueOrDefault(type) ?? new SystemEventSettings(type.OnByDefault());
            saved = saved with { Channels = saved.Channels?.Where(channels.ContainsKey).ToList() };
            var hasEmail = (saved.Channels ?? global).Any(id => channels[id] == ChannelKind.Email);
            events[type] = hasEmail && type.CanNotifyUser() ? saved : saved with { NotifyUser = NotifyUserMode.Disabled };
        }

        return stored with { GlobalChannels = global, Events = events };
    }

    /// <returns>The first problem, named by its field; nothing is saved then.</returns>
    public async Task<(string Field, string Message)?> SaveAsync(SystemNotificationSettings settings, CancellationToken cancellationToken = default)
    {
        var kinds = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Kind, cancellationToken);
        if (settings.Check(id => kinds.TryGetValue(id, out var kind) ? kind : null) is { } problem) return problem;

        var setting = await db.AppSettings.SingleOrDefaultAsync(s => s.Key == Key, cancellationToken);
        if (setting is null) db.AppSettings.Add(setting = new AppSetting { Key = Key });
        setting.ValueJson = JsonSerializer.Serialize(settings, Json);
        setting.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
