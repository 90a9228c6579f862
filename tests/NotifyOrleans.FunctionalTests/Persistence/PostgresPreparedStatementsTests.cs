using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Persistence;

/// <summary>
/// The app's PostgreSQL connections prepare the statements it repeats (DatabaseOptions' defaults):
/// PostgreSQL then keeps their plans instead of parsing and planning each report's statements anew.
/// </summary>
public sealed class PostgresPreparedStatementsTests() : ConsoleTestBase(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task A_statement_run_again_on_a_connection_is_prepared_on_the_server()
    {
        var contexts = App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        Assert.Equal(0, await PreparedOnThisConnectionAsync(db));

        for (var i = 0; i < 3; i++) await db.BackupJobs.CountAsync(job => job.ServerName == "nas");

        Assert.Equal(1, await PreparedOnThisConnectionAsync(db));
    }

    private static Task<int> PreparedOnThisConnectionAsync(AppDbContext db) =>
        db.Database.SqlQueryRaw<int>("""SELECT count(*)::int AS "Value" FROM pg_prepared_statements WHERE statement LIKE '%FROM "BackupJobs"%' AND statement NOT LIKE '%pg_prepared_statements%'""").SingleAsync();
}
