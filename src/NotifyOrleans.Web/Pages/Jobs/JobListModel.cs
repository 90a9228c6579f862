using NotifyOrleans.Domain.Grains.BackupJobs;

namespace NotifyOrleans.Web.Pages.Jobs;

/// <summary>What the job table shows: the jobs, the counts by status, and the filters that made it.</summary>
public sealed record JobListModel(IReadOnlyList<BackupJobSnapshot> Jobs, IReadOnlyDictionary<RunStatus, int> Counts, RunStatus? Status, string? Search, string ListUrl);
