using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Runtime;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Runtime;

/// <summary>
/// Reminders of one grain. Like Orleans reminders they are written at once, on their own
/// connection, and not as part of the grain's state transaction.
/// </summary>
public sealed class EfReminderRegistry(IServiceScopeFactory scopes, string grainType, string grainKey) : IReminderRegistry
{
    public async Task RegisterOrUpdateReminderAsync(string reminderName, DateTimeOffset dueAt, TimeSpan? period = null, CancellationToken cancellationToken = default)
    {
        if (period is { } p && p <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), "A reminder period must be positive.");

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Reminders.SingleOrDefaultAsync(Matches(reminderName), cancellationToken);
        if (row is null)
        {
            row = new ReminderRow { GrainType = grainType, GrainKey = grainKey, Name = reminderName };
            db.Reminders.Add(row);
        }

        row.DueAt = dueAt;
        row.Period = period;
        row.ClaimedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UnregisterReminderAsync(string reminderName, CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Reminders.Where(Matches(reminderName)).ExecuteDeleteAsync(cancellationToken);
    }

    private System.Linq.Expressions.Expression<Func<ReminderRow, bool>> Matches(string reminderName) =>
        row => row.GrainType == grainType && row.GrainKey == grainKey && row.Name == reminderName;
}
