using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.Pages.Jobs;

/// <summary>
/// The dashboard's first line: the open incidents (and how many nobody has taken on), and for
/// admins the channels that fail or do not answer, each a link to where it is dealt with; or that
/// all is clear. The Jobs page has the same list without it.
/// </summary>
/// <param name="Channels">Enabled channels that fail or do not answer, by name; empty for Members, who cannot mend them.</param>
public sealed record DashboardAttention(JobAttention Jobs, IReadOnlyList<string> Channels)
{
    public bool IsClear => Jobs.IsClear && Channels.Count == 0;

    public static async Task<DashboardAttention> LoadAsync(JobQueries queries, AppDbContext db, bool forAdmin, CancellationToken cancellationToken)
    {
        var jobs = await queries.AttentionAsync(cancellationToken);
        if (!forAdmin) return new DashboardAttention(jobs, []);
        var channels = (await db.Channels.AsNoTracking().Where(c => c.Enabled).ToListAsync(cancellationToken))
            .Where(c => !c.IsHealthy || c.IsNotAnswering).Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new DashboardAttention(jobs, channels);
    }
}
