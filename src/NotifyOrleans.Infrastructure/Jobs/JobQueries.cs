using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>
/// Read-only queries over the job grains' state rows and their history, for the dashboard and
/// the read API (many jobs at once; a grain call per job would be one query per row).
/// </summary>
public sealed class JobQueries(AppDbContext db)
{
    public async Task<IReadOnlyList<BackupJobSnapshot>> ListAsync(string? server = null, RunStatus? status = null, string? search = null, CancellationToken cancellationToken = default)
    {
        var query = db.BackupJobs.AsNoTracking().Where(j => j.RunCount > 0 || j.RunStartedAt != null);
        if (!string.IsNullOrWhiteSpace(server)) query = query.Where(j => j.ServerName.ToLower() == server.Trim().ToLower());
        if (status is { } s) query = query.Where(j => j.Status == s);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            query = query.Where(j => j.ServerName.ToLower().Contains(term) || j.JobName.ToLower().Contains(term));
        }

        var rows = await query
            .Select(j => new { Key = EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty), State = j })
            .ToListAsync(cancellationToken);
        return rows.Select(r => BackupJobSnapshot.From(r.Key, r.State))
            .OrderBy(j => j.ServerName, StringComparer.OrdinalIgnoreCase).ThenBy(j => j.JobName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<BackupJobSnapshot?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        var state = await db.BackupJobs.AsNoTracking()
            .SingleOrDefaultAsync(j => EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty) == key, cancellationToken);
        return state is null ? null : BackupJobSnapshot.From(key, state);
    }

    public async Task<IReadOnlyList<BackupRun>> HistoryAsync(string key, int take = 100, CancellationToken cancellationToken = default)
    {
        return await db.BackupRuns.AsNoTracking().Where(r => r.JobKey == key)
            .OrderByDescending(r => r.EndedAt).ThenByDescending(r => r.Id).Take(take).ToListAsync(cancellationToken);
    }
}
