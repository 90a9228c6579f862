using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Channels;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Subscriptions;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// What jobs get from the global settings: the channel assignments every new job starts with and
/// whether they hear of each failed run (Notifications page → Defaults for new jobs), the escalation policy of every job that has
/// none of its own, whether a job without a schedule takes the one its runs show, the channels' quiet hours and their summary.
/// </summary>
public sealed class JobDefaults(AppDbContext db, TimeProvider time)
{
    /// <summary>How the defaults are stored (a configuration export carries them as stored).</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<IReadOnlyList<ChannelAssignment>> GetAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<ChannelAssignment>(AppSetting.DefaultAssignmentsKey, cancellationToken);

    /// <summary>The settings a job set up ahead of its first report starts from: the defaults for new jobs, no schedule yet.</summary>
    public async Task<JobSettings> ForNewJobAsync(CancellationToken cancellationToken = default)
    {
        var start = await NewJobAsync(cancellationToken);
        return new(start.Assignments, Schedule: JobSchedule.None with { TimeZone = TimeZones.Server }, OnlyFirstFailure: start.OnlyFirstFailure);
    }

    /// <summary>What a job reported for the first time starts with.</summary>
    public async Task<NewJobDefaults> NewJobAsync(CancellationToken cancellationToken = default) =>
        new(await GetAsync(cancellationToken), await GetOnlyFirstFailureAsync(cancellationToken));

    public Task SetAsync(IReadOnlyList<ChannelAssignment> assignments, CancellationToken cancellationToken = default) =>
        WriteAsync(AppSetting.DefaultAssignmentsKey, assignments, cancellationToken);

    public Task<IReadOnlyList<EscalationStep>> GetEscalationAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<EscalationStep>(AppSetting.DefaultEscalationKey, cancellationToken);

    /// <summary>Only through <see cref="DefaultEscalationPolicy"/>, which tells the jobs that follow it.</summary>
    internal Task SetEscalationAsync(IReadOnlyList<EscalationStep> policy, CancellationToken cancellationToken = default) =>
        WriteAsync(AppSetting.DefaultEscalationKey, policy, cancellationToken);

    /// <summary>Whether new jobs tell their On failure channels of an incident's first failed run only (false until set).</summary>
    public async Task<bool> GetOnlyFirstFailureAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync<bool>(AppSetting.DefaultOnlyFirstFailureKey, cancellationToken)) is [true];

    public Task SetOnlyFirstFailureAsync(bool onlyFirst, CancellationToken cancellationToken = default) =>
        WriteAsync(AppSetting.DefaultOnlyFirstFailureKey, [onlyFirst], cancellationToken);

    public async Task<bool> GetApplyDetectedSchedulesAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync<bool>(AppSetting.ApplyDetectedSchedulesKey, cancellationToken)) is [true];

    public Task SetApplyDetectedSchedulesAsync(bool apply, CancellationToken cancellationToken = default) =>
        WriteAsync(AppSetting.ApplyDetectedSchedulesKey, [apply], cancellationToken);

    /// <summary>Quiet hours for channels (Notifications page); <see cref="ChannelQuietHours.None"/> until set.</summary>
    public async Task<ChannelQuietHours> GetChannelQuietHoursAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync<ChannelQuietHours>(AppSetting.ChannelQuietHoursKey, cancellationToken)) is [var quiet] ? quiet : ChannelQuietHours.None;

    /// <summary>
    /// Saves the channels' quiet hours, and with them when what they hold comes out: at the end of
    /// the quiet time as they now say, or at once (the next digest round) for a channel no longer
    /// quiet. Held rows kept their old end otherwise: shortened or removed quiet hours held them on.
    /// </summary>
    public async Task SetChannelQuietHoursAsync(ChannelQuietHours quiet, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var quietUntil = (quiet.IsOn ? quiet.Hours.QuietUntil(now, LocalTimes.Zone(quiet.TimeZoneId)) : null) ?? now;
        var held = await db.Outbox.Where(r => r.Status == OutboxStatus.Held && r.HeldFor != null && r.HeldFor.StartsWith(ChannelDigests.Prefix))
            .ToListAsync(cancellationToken);
        foreach (var row in held) row.NextAttemptAt = quiet.Channels.Contains(row.ChannelId) ? quietUntil : now;
        await WriteAsync(AppSetting.ChannelQuietHoursKey, [quiet], cancellationToken);
    }

    /// <summary>The channels' summary report (Notifications page); <see cref="ChannelSummary.Off"/> until set.</summary>
    public async Task<ChannelSummary> GetChannelSummaryAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync<ChannelSummary>(AppSetting.ChannelSummaryKey, cancellationToken)) is [var summary] ? summary : ChannelSummary.Off;

    public Task SetChannelSummaryAsync(ChannelSummary summary, CancellationToken cancellationToken = default) =>
        WriteAsync(AppSetting.ChannelSummaryKey, [summary], cancellationToken);

    private async Task<IReadOnlyList<T>> ReadAsync<T>(string key, CancellationToken cancellationToken)
    {
        var setting = await db.AppSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        return setting is null ? [] : JsonSerializer.Deserialize<List<T>>(setting.ValueJson, Json) ?? [];
    }

    private async Task WriteAsync<T>(string key, IReadOnlyList<T> value, CancellationToken cancellationToken)
    {
        var setting = await db.AppSettings.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (setting is null) db.AppSettings.Add(setting = new AppSetting { Key = key });
        setting.ValueJson = JsonSerializer.Serialize(value, Json);
        setting.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}
