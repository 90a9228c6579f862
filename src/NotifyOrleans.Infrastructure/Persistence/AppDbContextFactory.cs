using Microsoft.EntityFrameworkCore;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>Hands out the configured provider's context as the provider-neutral <see cref="AppDbContext"/>.</summary>
public sealed class AppDbContextFactory<TContext>(IDbContextFactory<TContext> provider) : IDbContextFactory<AppDbContext>
    where TContext : AppDbContext
{
    public AppDbContext CreateDbContext() => provider.CreateDbContext();
}
