using Htmx;
using Microsoft.AspNetCore.Mvc;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Pages.Jobs;

namespace NotifyOrleans.Web.Pages;

/// <summary>The dashboard: what needs attention, then every job's health at a glance, failures first, refreshing itself.</summary>
public sealed class IndexModel(JobQueries queries, AppDbContext db) : JobListPage(queries)
{
    protected override string Path => "/";

    public DashboardAttention Attention { get; private set; } = null!;

    protected override async Task LoadMoreAsync() => Attention = await LoadAttentionAsync();

    /// <summary>The attention line's own poll: it follows the channels too, which the job list's fingerprint does not.</summary>
    public async Task<IActionResult> OnGetAttentionAsync()
    {
        Response.Htmx(h => h.WithVary());
        return Partial("_Attention", await LoadAttentionAsync());
    }

    private Task<DashboardAttention> LoadAttentionAsync() =>
        DashboardAttention.LoadAsync(Queries, db, User.IsInRole(Roles.Admin), HttpContext.RequestAborted);
}
