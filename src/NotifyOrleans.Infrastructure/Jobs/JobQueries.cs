using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>A page of the job list: its jobs, how many jobs match the filter, and the counts by status over all jobs.</summary>
public sealed record JobPage(IReadOnlyList<BackupJobSnapshot> Jobs, int Matching, IReadOnlyDictionary<RunStatus, int> Counts);

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

    /// <summary>
    /// One page of the console's job list, filtered, sorted (failures first) and cut in the
    /// database, with the counts by status over every job: a page of 10,000 jobs loads 50 rows.
    /// </summary>
    public async Task<JobPage> PageAsync(RunStatus? status, string? search, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var monitored = db.BackupJobs.AsNoTracking().Where(j => j.RunCount > 0 || j.RunStartedAt != null);
        var counts = await monitored.GroupBy(j => j.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var matching = monitored;
        if (status is { } s) matching = matching.Where(j => j.Status == s);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            matching = matching.Where(j => j.ServerName.ToLower().Contains(term) || j.JobName.ToLower().Contains(term));
        }

        var total = await matching.CountAsync(cancellationToken);
        var rows = await matching
            .OrderBy(j => j.Status == RunStatus.Failure ? 0 : j.Status == RunStatus.Warning ? 1 : j.Status == RunStatus.Unknown ? 2 : 3)
            .ThenBy(j => j.ServerName.ToLower()).ThenBy(j => j.JobName.ToLower())
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize)
            .Select(j => new { Key = EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty), State = j })
            .ToListAsync(cancellationToken);
        return new JobPage(rows.Select(r => BackupJobSnapshot.From(r.Key, r.State)).ToList(), total, counts);
    }

    /// <summary>
    /// Changes whenever a job's row is written (its version goes up) or a job appears, so a page
    /// that polls can learn in one small query that it has nothing new to show.
    /// </summary>
    public Task<long> FingerprintAsync(CancellationToken cancellationToken = default) =>
        db.BackupJobs.SumAsync(j => EF.Property<long>(j, GrainKeyModelExtensions.VersionProperty), cancellationToken);

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
