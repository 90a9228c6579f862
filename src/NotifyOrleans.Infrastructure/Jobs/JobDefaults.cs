using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>The channel assignments every new job starts with (Notifications page → Defaults for new jobs).</summary>
public sealed class JobDefaults(AppDbContext db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<ChannelAssignment>> GetAsync(CancellationToken cancellationToken = default)
    {
        var setting = await db.AppSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == AppSetting.DefaultAssignmentsKey, cancellationToken);
        return setting is null ? [] : JsonSerializer.Deserialize<List<ChannelAssignment>>(setting.ValueJson, Json) ?? [];
    }

    public async Task SetAsync(IReadOnlyList<ChannelAssignment> assignments, CancellationToken cancellationToken = default)
    {
        var setting = await db.AppSettings.SingleOrDefaultAsync(s => s.Key == AppSetting.DefaultAssignmentsKey, cancellationToken);
        if (setting is null) db.AppSettings.Add(setting = new AppSetting { Key = AppSetting.DefaultAssignmentsKey });
        setting.ValueJson = JsonSerializer.Serialize(assignments, Json);
        setting.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}
