using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _database.Dispose();
    }
}
