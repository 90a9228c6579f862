using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>A <see cref="TestDatabase"/> (the app's migrations applied) and the app's persistence services over it, without the app.</summary>
public sealed class MigratedDatabase : IAsyncDisposable
{
    private readonly TestDatabase _database;

    public MigratedDatabase(DatabaseProvider provider)
    {
        _database = new TestDatabase(provider);
        Configuration = TestDatabase.PersistenceSettings(provider, _database.ConnectionString);
        Services = new ServiceCollection().AddLogging().AddPersistence(Configuration).BuildServiceProvider();
    }

    public IConfiguration Configuration { get; }
    public ServiceProvider Services { get; }
    public IDbContextFactory<AppDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>A grain's state row as a new activation reads it.</summary>
    public async Task<GrainStateRow<TState>> LoadRowAsync<TState>(string key) where TState : class, new()
    {
        var row = new GrainStateRow<TState>(key);
        await using var db = await Contexts.CreateDbContextAsync();
        await row.LoadAsync(db, default);
        return row;
    }

    /// <summary>Writes the row's change alone, in a context of its own, and marks it committed.</summary>
    public async Task WriteRowAsync<TState>(GrainStateRow<TState> row) where TState : class, new()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        row.StageWrite(db);
        await db.SaveChangesAsync();
        row.Committed();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _database.Dispose();
    }
}
