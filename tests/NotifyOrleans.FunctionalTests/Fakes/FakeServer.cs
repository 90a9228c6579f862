using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>A small real HTTP server on a loopback port, for services we cannot run here.</summary>
public abstract class FakeServer : IAsyncDisposable
{
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request that reached the server, in order, with the status it got.</summary>
    public List<(string Method, string Path, int Status, DateTimeOffset At)> Requests { get; } = [];

    /// <summary>Serve HTTPS with this certificate (one nobody trusts, for a destination's TLS errors).</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>When set, every request gets this status (a destination that is down).</summary>
    public int? ForcedStatus { get; set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (Certificate is not null) listen.UseHttps(Certificate);
        }));
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            if (ForcedStatus is { } forced)
            {
                context.Response.StatusCode = forced;
                await context.Response.WriteAsync("{\"message\":\"forced failure\"}");
            }
            else
            {
                await next(context);
            }

            lock (Requests) Requests.Add((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Response.StatusCode, DateTimeOffset.UtcNow));
        });
        Map(_app);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    protected abstract void Map(WebApplication app);

    public int CountRequests(int? status = null)
    {
        lock (Requests) return Requests.Count(r => status is null || r.Status == status);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>A token bucket: <c>capacity</c> requests, refilled completely every <c>window</c> (Discord style) or one token per <c>window</c> (ntfy style).</summary>
public sealed class TokenBucket(int capacity, TimeSpan window, bool refillAll)
{
    private double _tokens = capacity;
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue; // a window opens with its first request, not with the bucket
    private DateTimeOffset _lastRefill = DateTimeOffset.UtcNow;

    public int Capacity => capacity;

    public (bool Allowed, int Remaining, TimeSpan ResetAfter) Take()
    {
        lock (this)
        {
            var now = DateTimeOffset.UtcNow;
            if (refillAll)
            {
                if (now - _windowStart >= window) { _tokens = capacity; _windowStart = now; }
            }
            else
            {
                _tokens = Math.Min(capacity, _tokens + (now - _lastRefill) / window);
                _lastRefill = now;
            }

            var resetAfter = refillAll ? window - (now - _windowStart) : window;
            if (_tokens < 1) return (false, 0, resetAfter);
            _tokens--;
            return (true, (int)Math.Floor(_tokens), resetAfter);
        }
    }
}
