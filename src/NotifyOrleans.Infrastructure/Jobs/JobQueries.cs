using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>Jobs by their monitoring: a missed deadline, an open failure incident (warnings too where the job counts them), a pause.</summary>
/// <param name="Unacknowledged">An open incident (overdue or failing) that nobody has taken on.</param>
public enum MonitoringFilter { Overdue, Failing, Paused, Unacknowledged }

/// <summary>What the dashboard calls for attention: jobs with an open incident, and how many of them nobody has acknowledged.</summary>
/// <param name="FailedWithoutIncident">
/// Jobs whose last run failed without opening an incident (imported history; fewer failures in a row
/// than the job alerts from): the status tiles count them as Failed, the incidents do not.
/// </param>
/// <param name="FailingOnWarnings">Of <paramref name="Failing"/>, those whose last run had warnings (counted as failures for them): the Warning tile counts them.</param>
public sealed record JobAttention(int Failing, int Overdue, int Unacknowledged, int FailedWithoutIncident = 0, int FailingOnWarnings = 0)
{
    public bool IsClear => Failing == 0 && Overdue == 0;
}

/// <summary>
/// Where a group of jobs stands (a server's, or all), for a status badge: how many there are, and how
/// many are overdue, failed or warn, each job once, as its own badge says it (overdue first: its
/// last result is stale then; a paused job's last result is not counted: it is in maintenance, and counted as paused).
/// </summary>
/// <param name="Name">The server's name as its jobs' rows write it; null for all jobs.</param>
/// <param name="Paused">Jobs in maintenance: counted apart, neither as their last result nor as ok.</param>
public sealed record JobTally(string? Name, int Jobs, int Failed, int Overdue, int Warnings, int Paused);

/// <summary>A page of the job list: its jobs, how many jobs match the filters, and the counts by status of what the search selects.</summary>
/// <param name="Overdue">Of the jobs <paramref name="Counts"/> counts, those overdue: each also counts there under its last result.</param>
public sealed record JobPage(IReadOnlyList<BackupJobSnapshot> Jobs, int Matching, IReadOnlyDictionary<RunStatus, int> Counts, int Overdue = 0)
{
    /// <summary>How many pages of <paramref name="pageSize"/> the matching jobs fill; one when none match.</summary>
    public int PageCount(int pageSize) => Math.Max(1, (Matching + pageSize - 1) / pageSize);
}

/// <summary>Runs of a job's history, newest first, after <paramref name="Skipped"/> newer ones, of the <paramref name="Kept"/> runs the job has.</summary>
public sealed record HistoryPage(IReadOnlyList<BackupRun> Runs, int Skipped, int Kept)
{
    public bool HasOlder => Skipped + Runs.Count < Kept;
}

/// <summary>A job's last result and its incident, as the metrics export gives them.</summary>
public sealed record JobFigures(string ServerName, string JobName, RunStatus Status, DateTimeOffset? LastRunAt, DateTimeOffset? LastSuccessAt, long? LastDurationMs,
    long? LastSizeBytes, long? LastFileCount, DateTimeOffset? OverdueSince, DateTimeOffset? FailingSince, DateTimeOffset? AcknowledgedAt, DateTimeOffset? PausedAt);

/// <summary>
/// Read-only queries over the job grains' state rows and their history, for the dashboard and
/// the read API (many jobs at once; a grain call per job would be one query per row).
/// </summary>
public sealed class JobQueries(AppDbContext db)
{
    /// <summary>Every monitored job matching the filters (see <see cref="Matching"/>), by server and job name.</summary>
    public async Task<IReadOnlyList<BackupJobSnapshot>> ListAsync(string? server = null, RunStatus? status = null, string? search = null,
        MonitoringFilter? monitoring = null, CancellationToken cancellationToken = default)
    {
        var jobs = await SnapshotsAsync(Matching(server, status, search, monitoring), cancellationToken);
        return jobs.OrderBy(j => j.ServerName, StringComparer.OrdinalIgnoreCase).ThenBy(j => j.JobName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// One page (from 1) of the console's job list, filtered, sorted (overdue, then failures first) and cut in
    /// the database, with the counts by status over every job the search finds: a page of 10,000 jobs loads 50 rows.
    /// </summary>
    public async Task<JobPage> PageAsync(RunStatus? status, string? search, int page, int pageSize, MonitoringFilter? monitoring = null, CancellationToken cancellationToken = default)
    {
        // The counts (the list's tiles, each a filter) are of what the search finds, whatever tile or monitoring
        // filter is chosen: counted within the overdue jobs, "Failed 0" read as no job failing.
        var byStatus = await Matching(server: null, status: null, search).GroupBy(j => j.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Overdue = g.Count(j => j.OverdueSince != null) })
            .ToListAsync(cancellationToken);
        var matching = Matching(server: null, status, search, monitoring);
        var total = await matching.CountAsync(cancellationToken);
        var jobs = await SnapshotsAsync(matching
            .OrderBy(j => j.OverdueSince != null ? 0 : 1) // a job that stopped running is the news, whatever its last run said
            .ThenBy(j => j.Status == RunStatus.Failure ? 0 : j.Status == RunStatus.Warning ? 1 : j.Status == RunStatus.Unknown ? 2 : 3)
            .ThenBy(j => j.ServerName.ToLower()).ThenBy(j => j.JobName.ToLower())
            .Skip((page - 1) * pageSize).Take(pageSize), cancellationToken);
        return new JobPage(jobs, total, byStatus.ToDictionary(g => g.Status, g => g.Count), byStatus.Sum(g => g.Overdue));
    }

    public Task<bool> AnyAsync(CancellationToken cancellationToken = default) => Monitored().AnyAsync(cancellationToken);

    /// <summary>The open incidents over every job, counted in the database in one statement.</summary>
    public async Task<JobAttention> AttentionAsync(CancellationToken cancellationToken = default) =>
        await Monitored().GroupBy(_ => 1).Select(g => new JobAttention(
                g.Count(j => j.FailingSince != null),
                g.Count(j => j.OverdueSince != null),
                g.Count(j => (j.FailingSince != null || j.OverdueSince != null) && j.AcknowledgedAt == null),
                g.Count(j => j.Status == RunStatus.Failure && j.FailingSince == null),
                g.Count(j => j.Status == RunStatus.Warning && j.FailingSince != null)))
            .SingleOrDefaultAsync(cancellationToken) ?? new JobAttention(0, 0, 0);

    /// <summary>A server's jobs (exact name, any case), or every job with none named, counted in one query.</summary>
    public async Task<JobTally> TallyAsync(string? server, CancellationToken cancellationToken = default)
    {
        var tally = await Matching(server, null, null).GroupBy(_ => 1).Select(g => new JobTally(
                g.Max(j => j.ServerName),
                g.Count(),
                g.Count(j => j.Status == RunStatus.Failure && j.PausedAt == null && j.OverdueSince == null),
                g.Count(j => j.OverdueSince != null),
                g.Count(j => j.Status == RunStatus.Warning && j.PausedAt == null && j.OverdueSince == null),
                g.Count(j => j.PausedAt != null)))
            .SingleOrDefaultAsync(cancellationToken) ?? new JobTally(null, 0, 0, 0, 0, 0);
        return server is null ? tally with { Name = null } : tally;
    }

    /// <summary>
    /// Changes whenever a job's row is written (its version goes up) or a job appears, so a page
    /// that polls can learn in one small query that it has nothing new to show.
    /// </summary>
    public Task<long> FingerprintAsync(CancellationToken cancellationToken = default) =>
        db.BackupJobs.SumAsync(j => EF.Property<long>(j, GrainKeyModelExtensions.VersionProperty), cancellationToken);

    /// <summary>
    /// Every job, those set up before their first report too (by the API, or a configuration import):
    /// such a job is monitored from its schedule, and was missing from the list even when overdue.
    /// </summary>
    private IQueryable<BackupJobState> Monitored() => db.BackupJobs.AsNoTracking();

    /// <summary>Monitored jobs of a server (exact, any case), a status, a search in server and job names (any case), overdue, failing or paused.</summary>
    private IQueryable<BackupJobState> Matching(string? server, RunStatus? status, string? search, MonitoringFilter? monitoring = null)
    {
        var query = Monitored();
        if (!string.IsNullOrWhiteSpace(server)) query = OfServer(query, server);
        if (status is { } s) query = query.Where(j => j.Status == s);
        if (monitoring == MonitoringFilter.Overdue) query = query.Where(j => j.OverdueSince != null);
        if (monitoring == MonitoringFilter.Failing) query = query.Where(j => j.FailingSince != null);
        if (monitoring == MonitoringFilter.Paused) query = query.Where(j => j.PausedAt != null);
        if (monitoring == MonitoringFilter.Unacknowledged) query = query.Where(j => (j.FailingSince != null || j.OverdueSince != null) && j.AcknowledgedAt == null);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            query = query.Where(j => j.ServerName.ToLower().Contains(term) || j.JobName.ToLower().Contains(term));
        }

        return query;
    }

    private static async Task<List<BackupJobSnapshot>> SnapshotsAsync(IQueryable<BackupJobState> jobs, CancellationToken cancellationToken)
    {
        var rows = await jobs.Select(j => new { Key = EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty), State = j }).ToListAsync(cancellationToken);
        return rows.Select(r => BackupJobSnapshot.From(r.Key, r.State)).ToList();
    }

    /// <summary>Each job, also one set up ahead of its first report (it can be overdue), its figures only (one query, however many jobs).</summary>
    public Task<List<JobFigures>> FiguresAsync(CancellationToken cancellationToken = default) =>
        db.BackupJobs.AsNoTracking()
            .Select(j => new JobFigures(j.ServerName, j.JobName, j.Status, j.LastRunAt, j.LastSuccessAt, j.LastDurationMs, j.LastSizeBytes, j.LastFileCount,
                j.OverdueSince, j.FailingSince, j.AcknowledgedAt, j.PausedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The keys of a server's jobs (its name in any case), also those set up ahead of their first report.</summary>
    public Task<List<string>> KeysOfServerAsync(string server, CancellationToken cancellationToken = default) =>
        OfServer(db.BackupJobs.AsNoTracking(), server).Select(j => EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty)).ToListAsync(cancellationToken);

    /// <summary>The jobs with an open incident that follow the global escalation policy (none of their own).</summary>
    public Task<List<string>> KeysOfOpenIncidentsOnTheDefaultPolicyAsync(CancellationToken cancellationToken = default) =>
        db.BackupJobs.AsNoTracking()
            .Where(j => (j.OverdueSince != null || j.FailingSince != null) && j.Escalation == null)
            .Select(j => EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty)).ToListAsync(cancellationToken);

    /// <summary>A server's jobs: its name as the jobs report it, in any case.</summary>
    private static IQueryable<BackupJobState> OfServer(IQueryable<BackupJobState> jobs, string server) =>
        jobs.Where(j => j.ServerName.ToLower() == server.Trim().ToLower());

    /// <summary>Every job, also those set up ahead of their first report (a configuration export holds them all).</summary>
    public Task<List<BackupJobSnapshot>> EveryJobAsync(CancellationToken cancellationToken = default) =>
        SnapshotsAsync(db.BackupJobs.AsNoTracking().OrderBy(j => j.ServerName).ThenBy(j => j.JobName), cancellationToken);

    /// <summary>The job's row version, which goes up at every write of its grain; null when there is no such job.</summary>
    public Task<long?> VersionAsync(string key, CancellationToken cancellationToken = default) =>
        db.BackupJobs.Where(j => EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty) == key)
            .Select(j => (long?)EF.Property<long>(j, GrainKeyModelExtensions.VersionProperty)).SingleOrDefaultAsync(cancellationToken);

    public async Task<BackupJobSnapshot?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        var state = await db.BackupJobs.AsNoTracking()
            .SingleOrDefaultAsync(j => EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty) == key, cancellationToken);
        return state is null ? null : BackupJobSnapshot.From(key, state);
    }

    /// <summary>When the job's latest backups happened (their start when known, else their end): what a schedule is detected from.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> RunTimesAsync(string key, int take = 60, CancellationToken cancellationToken = default) =>
        (await db.BackupRuns.AsNoTracking().Where(r => r.JobKey == key && r.Operation == RunOperation.Backup)
            .OrderByDescending(r => r.EndedAt).Take(take).Select(r => new { r.StartedAt, r.EndedAt }).ToListAsync(cancellationToken))
        .Select(r => r.StartedAt ?? r.EndedAt).ToList();

    /// <summary>The schedule the job's history shows, if it shows one clearly.</summary>
    public async Task<ScheduleProposal?> ProposeScheduleAsync(string key, string timeZone, CancellationToken cancellationToken = default) =>
        ScheduleDetection.Detect(await RunTimesAsync(key, cancellationToken: cancellationToken), timeZone);

    /// <summary>The job's timeline, newest first.</summary>
    public async Task<IReadOnlyList<JobEvent>> TimelineAsync(string key, int take = 50, CancellationToken cancellationToken = default) =>
        await db.JobEvents.AsNoTracking().Where(e => e.JobKey == key).OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);

    /// <summary>
    /// Which of these subscriptions name a server or job no report has come from (yet), by their
    /// place in the list. They are kept, as a subscription may come before the first report, but a
    /// misspelt name would never notify anyone, so the page and the API say so.
    /// </summary>
    public async Task<IReadOnlySet<int>> UnmatchedAsync(IReadOnlyList<(SubscriptionScope Scope, string? Target)> subscriptions, CancellationToken cancellationToken = default)
    {
        var named = subscriptions.Select((row, i) => (Index: i, row.Scope, Target: row.Target?.Trim().ToLowerInvariant()))
            .Where(row => row.Scope != SubscriptionScope.AllJobs && !string.IsNullOrEmpty(row.Target)).ToList();
        if (named.Count == 0) return new HashSet<int>();
        var jobs = named.Where(row => row.Scope == SubscriptionScope.Job).Select(row => row.Target!).ToList();
        var servers = named.Where(row => row.Scope == SubscriptionScope.Server).Select(row => row.Target!).ToList();
        var knownJobs = await db.BackupJobs.AsNoTracking().Select(j => EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty))
            .Where(key => jobs.Contains(key)).ToListAsync(cancellationToken); // keys are lower-case
        var knownServers = await db.BackupJobs.AsNoTracking().Select(j => j.ServerName.ToLower())
            .Where(server => servers.Contains(server)).Distinct().ToListAsync(cancellationToken);
        return named.Where(row => !(row.Scope == SubscriptionScope.Job ? knownJobs : knownServers).Contains(row.Target!)).Select(row => row.Index).ToHashSet();
    }

    /// <summary>The job's newest runs, newest first.</summary>
    public async Task<IReadOnlyList<BackupRun>> HistoryAsync(string key, int take = 100, CancellationToken cancellationToken = default) =>
        (await HistoryPageAsync(key, take, before: null, cancellationToken))!.Runs;

    /// <summary>
    /// A page of the job's history, newest first: the newest runs, or (<paramref name="before"/>, a
    /// run id of the job) the runs listed after that one. Null when that run is not kept (any more).
    /// A run id, not a page number, marks the place: runs arriving meanwhile do not shift the page.
    /// </summary>
    public async Task<HistoryPage?> HistoryPageAsync(string key, int take, string? before, CancellationToken cancellationToken)
    {
        var runs = db.BackupRuns.AsNoTracking().Where(r => r.JobKey == key);
        var skipped = 0;
        if (before is not null)
        {
            var anchor = await runs.Where(r => r.RunId == before).Select(r => new { r.EndedAt, r.Id }).FirstOrDefaultAsync(cancellationToken);
            if (anchor is null) return null;
            // The history's order: ended later first, and of two that ended at once the later row.
            runs = runs.Where(r => r.EndedAt < anchor.EndedAt || (r.EndedAt == anchor.EndedAt && r.Id < anchor.Id));
            skipped = await db.BackupRuns.CountAsync(r => r.JobKey == key && (r.EndedAt > anchor.EndedAt || (r.EndedAt == anchor.EndedAt && r.Id >= anchor.Id)), cancellationToken);
        }

        var page = await runs.OrderByDescending(r => r.EndedAt).ThenByDescending(r => r.Id).Take(take + 1).ToListAsync(cancellationToken);
        var hasOlder = page.Count > take;
        var kept = hasOlder || skipped > 0 ? await db.BackupRuns.CountAsync(r => r.JobKey == key, cancellationToken) : page.Count;
        return new HistoryPage(page.Take(take).ToList(), skipped, kept);
    }
}
