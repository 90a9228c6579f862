using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>Shortcuts for delivery tests: add channels, enqueue, dispatch, read the outbox.</summary>
public sealed class DeliveryHarness(AppFactory app)
{
    /// <summary>An Email channel "Mail" to the test's aiosmtpd server, without TLS or login.</summary>
    public Task<Guid> AddMailChannelAsync(Fakes.SmtpServer smtp) => AddChannelAsync("Mail", new EmailSettings
    {
        Host = "localhost", Port = smtp.Port, Security = SmtpSecurity.None, From = "hub@example.test", To = "ops@example.test",
    });

    public async Task<Guid> AddChannelAsync(string name, ChannelSettings settings)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var channel = new Channel { Id = Guid.NewGuid(), Name = name, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        scope.ServiceProvider.GetRequiredService<ChannelSettingsSerializer>().Write(channel, settings);
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    public async Task EnqueueAsync(Guid channelId, params (NotificationMessage Message, string DedupKey)[] items)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<NotificationOutbox>();
        foreach (var (message, key) in items) await outbox.EnqueueAsync(message, channelId, key);
        await db.SaveChangesAsync();
    }

    public Task<int> DispatchOnceAsync() => app.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync();

    /// <summary>Routes recorded system events to the outbox, then delivers what that enqueued.</summary>
    public async Task RouteAndDispatchAsync()
    {
        await app.Services.GetRequiredService<SystemEventRouter>().RouteOnceAsync();
        await DispatchOnceAsync();
    }

    public async Task<List<OutboxMessage>> RowsAsync()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Outbox.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    public async Task<Channel> ChannelAsync(Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Channels.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Waits (really) until the condition holds; fails after the timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }
}
