using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Persistence;

/// <summary>
/// Requests and background work each lease a pooled context for their scope. A scope that handed
/// its context back twice (once per registration that resolved it) could hand back a context
/// another scope had just leased: two requests then shared one context. CI saw it once as
/// "Cannot access a disposed context instance" on a ping; this test saw "A second operation was
/// started on this context instance" and SQLite errors within seconds.
/// </summary>
public sealed class ScopedContextTests() : ConsoleTestBase(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Scopes_ending_in_parallel_never_share_a_context()
    {
        var services = App.Services; // starts the app, once
        var queries = 0;
        var until = DateTime.UtcNow.AddSeconds(5);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (DateTime.UtcNow < until)
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AppDbContext>().AppSettings.AnyAsync();
                Interlocked.Increment(ref queries);
            }
        })));
        Assert.True(queries > 1000, $"only {queries} scopes in 5 s: too few to have met the race");
    }
}
